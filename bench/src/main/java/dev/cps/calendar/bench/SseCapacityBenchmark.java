package dev.cps.calendar.bench;

import dev.cps.calendar.testing.RedisServer;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** 1,000 idle SSE clients on one app: the RSS they add, and whether the heartbeat keeps reaching them. */
final class SseCapacityBenchmark {

    static final int CLIENTS = 1000;
    /** The app sends a heartbeat every 15 s; two periods and a margin. */
    static final long HEARTBEAT_WAIT_MILLIS = 35_000;

    static Result run(Path appJar) throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Calendar.seedConfig(redis.url(), 8, 18);
            try (AppProcess app = AppProcess.start(appJar, AppProcess.PRODUCTION_JVM_FLAGS,
                    Map.of("INSTANCE_SLUG", Calendar.SLUG, "REDIS_URL", redis.url()))) {
                // a few clients first, so the SSE code path itself is loaded before the baseline
                HttpClient http = HttpClient.newHttpClient();
                List<SseClient> warm = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    warm.add(SseClient.connect(http, app.baseUrl(), (e, d) -> { }));
                }
                Thread.sleep(3000);
                warm.forEach(SseClient::close);
                Thread.sleep(2000);
                double before = app.rssMiB();

                List<SseClient> clients = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(SseClient.connect(http, app.baseUrl(), (e, d) -> { }));
                    if (i % 100 == 99) {
                        Thread.sleep(100);
                    }
                }
                Thread.sleep(5000);
                int[] commentsAtStart = clients.stream().mapToInt(c -> c.comments).toArray();
                Thread.sleep(HEARTBEAT_WAIT_MILLIS);
                double after = app.rssMiB();
                int open = 0;
                int heard = 0;
                for (int i = 0; i < clients.size(); i++) {
                    if (clients.get(i).open) {
                        open++;
                    }
                    if (clients.get(i).comments > commentsAtStart[i]) {
                        heard++;
                    }
                }
                clients.forEach(SseClient::close);
                double extra = after - before;
                System.out.printf("sse capacity: RSS %.1f → %.1f MiB (+%.1f), %d/%d open, %d got a heartbeat%n",
                        before, after, extra, open, CLIENTS, heard);
                return new Result("SSE capacity", CLIENTS + " idle SSE clients on one app for " + HEARTBEAT_WAIT_MILLIS / 1000 + " s",
                        "RSS " + Stats.fmt(before) + " → " + Stats.fmt(after) + " MiB (+" + Stats.fmt(extra) + " MiB); "
                                + open + "/" + CLIENTS + " open; " + heard + " received a heartbeat",
                        "extra RSS ≤ 64 MiB; heartbeat flows", extra <= 64 && heard == CLIENTS, "");
            }
        }
    }
}
