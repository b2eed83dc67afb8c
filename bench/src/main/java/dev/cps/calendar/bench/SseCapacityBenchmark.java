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

    static Result run(List<AppRuntime> runtimes, Path appJar) throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Calendar.seedConfig(redis.url(), 8, 18);
            List<AppProcess> apps = new ArrayList<>();
            try {
                for (AppRuntime runtime : runtimes) {
                    apps.add(AppProcess.start(runtime, appJar, Map.of("INSTANCE_SLUG", Calendar.SLUG, "REDIS_URL", redis.url())));
                }
                // a few clients first, so the SSE code path itself is loaded before the baseline
                HttpClient http = HttpClient.newHttpClient();
                List<SseClient> warm = new ArrayList<>();
                for (AppProcess app : apps) {
                    for (int i = 0; i < 10; i++) {
                        warm.add(SseClient.connect(http, app.baseUrl(), (e, d) -> { }));
                    }
                }
                Thread.sleep(3000);
                warm.forEach(SseClient::close);
                Thread.sleep(2000);
                double[] before = new double[apps.size()];
                List<List<SseClient>> clients = new ArrayList<>();
                for (int a = 0; a < apps.size(); a++) {
                    before[a] = apps.get(a).rssMiB();
                    List<SseClient> ofApp = new ArrayList<>();
                    for (int i = 0; i < CLIENTS; i++) {
                        ofApp.add(SseClient.connect(http, apps.get(a).baseUrl(), (e, d) -> { }));
                        if (i % 100 == 99) {
                            Thread.sleep(100);
                        }
                    }
                    clients.add(ofApp);
                }
                Thread.sleep(5000);
                List<int[]> commentsAtStart = clients.stream().map(c -> c.stream().mapToInt(s -> s.comments).toArray()).toList();
                Thread.sleep(HEARTBEAT_WAIT_MILLIS);
                StringBuilder figures = new StringBuilder();
                boolean met = true;
                for (int a = 0; a < apps.size(); a++) {
                    double after = apps.get(a).rssMiB();
                    int open = 0;
                    int heard = 0;
                    for (int i = 0; i < CLIENTS; i++) {
                        SseClient client = clients.get(a).get(i);
                        open += client.open ? 1 : 0;
                        heard += client.comments > commentsAtStart.get(a)[i] ? 1 : 0;
                    }
                    double extra = after - before[a];
                    String name = runtimes.get(a).name();
                    System.out.printf("sse capacity, %s: RSS %.1f → %.1f MiB (+%.1f), %d/%d open, %d got a heartbeat%n",
                            name, before[a], after, extra, open, CLIENTS, heard);
                    figures.append(name).append(": RSS ").append(Stats.fmt(before[a])).append(" → ").append(Stats.fmt(after))
                            .append(" MiB (+").append(Stats.fmt(extra)).append(" MiB), ").append(open).append('/').append(CLIENTS)
                            .append(" open, ").append(heard).append(" received a heartbeat; ");
                    met &= extra <= 64 && heard == CLIENTS;
                }
                clients.forEach(c -> c.forEach(SseClient::close));
                return new Result("SSE capacity", CLIENTS + " idle SSE clients on each runtime's app (both at once) for "
                        + HEARTBEAT_WAIT_MILLIS / 1000 + " s", figures.toString().trim(),
                        "extra RSS ≤ 64 MiB; heartbeat flows", met, "");
            } finally {
                apps.forEach(AppProcess::close);
            }
        }
    }
}
