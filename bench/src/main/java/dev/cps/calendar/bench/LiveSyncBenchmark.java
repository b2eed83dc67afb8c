package dev.cps.calendar.bench;

import dev.cps.calendar.testing.RedisServer;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One client posts a booking; 100 SSE clients, half on each of two app replicas sharing one Redis,
 * wait for it. Latency: from the start of the POST to the event's arrival at each client.
 */
final class LiveSyncBenchmark {

    static final int CLIENTS_PER_REPLICA = 50;
    static final int CHANGES = 40;
    private static final Pattern SLOT = Pattern.compile("\"date\"\\s*:\\s*\"([0-9-]+)\".*?\"time\"\\s*:\\s*\"([0-9:]+)\"");

    static Result run(List<AppRuntime> runtimes, Path appJar, int runs) throws Exception {
        AppRuntime runtime = AppRuntime.image(runtimes);
        List<Double> p95s = new ArrayList<>();
        List<Double> p50s = new ArrayList<>();
        int missing = 0;
        try (RedisServer redis = RedisServer.start()) {
            Calendar.seedConfig(redis.url(), 0, 24);
            Map<String, String> env = Map.of("INSTANCE_SLUG", Calendar.SLUG, "REDIS_URL", redis.url());
            try (AppProcess first = AppProcess.start(runtime, appJar, env);
                 AppProcess second = AppProcess.start(runtime, appJar, env)) {
                for (int run = 0; run <= runs; run++) {
                    Map<String, Long> postedAt = new ConcurrentHashMap<>();
                    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
                    HttpClient http = HttpClient.newHttpClient();
                    List<SseClient> clients = new ArrayList<>();
                    for (int i = 0; i < 2 * CLIENTS_PER_REPLICA; i++) {
                        AppProcess replica = i % 2 == 0 ? first : second;
                        clients.add(SseClient.connect(http, replica.baseUrl(), (event, data) -> {
                            long now = System.nanoTime();
                            if (!event.equals("booking-created")) {
                                return;
                            }
                            Matcher m = SLOT.matcher(data);
                            if (m.find()) {
                                Long sent = postedAt.get(m.group(1) + " " + m.group(2));
                                if (sent != null) {
                                    latencies.add((now - sent) / 1e6);
                                }
                            }
                        }));
                    }
                    Thread.sleep(1500); // all subscribed
                    // inside the bookable dates (the app takes 2 years back to 5 ahead), days of its own for each run
                    LocalDate day = LocalDate.now(java.time.ZoneOffset.UTC).plusYears(1).plusDays(run * 10L);
                    for (int change = 0; change < CHANGES; change++) {
                        LocalDate date = day.plusDays(change / 24);
                        int hour = change % 24;
                        postedAt.put(date + " " + String.format("%02d:00", hour), System.nanoTime());
                        var response = Calendar.book(first.baseUrl(), date, hour, "Jack", 1);
                        if (response.statusCode() != 201) {
                            throw new IllegalStateException("POST failed: " + response.body());
                        }
                        Thread.sleep(50);
                    }
                    Thread.sleep(2000); // stragglers
                    clients.forEach(SseClient::close);
                    if (run == 0) {
                        continue; // warm-up
                    }
                    int expected = CHANGES * clients.size();
                    missing += expected - latencies.size();
                    p50s.add(Stats.percentile(latencies, 50));
                    p95s.add(Stats.percentile(latencies, 95));
                    System.out.printf("live sync run %d: %d/%d deliveries, p50 %.1f ms, p95 %.1f ms%n",
                            run, latencies.size(), expected, Stats.percentile(latencies, 50), Stats.percentile(latencies, 95));
                }
            }
        }
        double p95 = Stats.median(p95s);
        return new Result("live sync",
                CHANGES + " POSTs on replica A → " + 2 * CLIENTS_PER_REPLICA + " SSE clients, half on replica A and half on B (one Redis), " + runs + " runs, on " + runtime.name(),
                "p50 " + Stats.fmt(Stats.median(p50s)) + " ms; p95 " + Stats.fmt(p95) + " ms; deliveries missing " + missing,
                "p95 ≤ 300 ms", p95 <= 300 && missing == 0, "");
    }
}
