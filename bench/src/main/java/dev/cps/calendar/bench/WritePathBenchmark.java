package dev.cps.calendar.bench;

import dev.cps.calendar.testing.RedisServer;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** 50 concurrent clients POST bookings that never conflict; latency per request. */
final class WritePathBenchmark {

    static final int CLIENTS = 50;
    static final int BOOKINGS_PER_CLIENT = 40;

    static Result run(Path appJar, int runs) throws Exception {
        List<Double> p99s = new ArrayList<>();
        List<Double> p50s = new ArrayList<>();
        int errors = 0;
        try (RedisServer redis = RedisServer.start()) {
            Calendar.seedConfig(redis.url(), 0, 24);
            try (AppProcess app = AppProcess.start(appJar, AppProcess.PRODUCTION_JVM_FLAGS,
                    Map.of("INSTANCE_SLUG", Calendar.SLUG, "REDIS_URL", redis.url()))) {
                // run 0 is the warm-up; each run books its own days, so nothing ever conflicts
                for (int run = 0; run <= runs; run++) {
                    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
                    AtomicInteger failed = new AtomicInteger();
                    LocalDate firstDay = LocalDate.of(2031, 1, 1).plusDays(run * 100L);
                    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
                    List<Future<?>> clients = new ArrayList<>();
                    for (int c = 0; c < CLIENTS; c++) {
                        int client = c;
                        clients.add(pool.submit(() -> {
                            for (int i = 0; i < BOOKINGS_PER_CLIENT; i++) {
                                int slot = client * BOOKINGS_PER_CLIENT + i;
                                LocalDate date = firstDay.plusDays(slot / 24);
                                long start = System.nanoTime();
                                var response = Calendar.book(app.baseUrl(), date, slot % 24,
                                        Calendar.USERS.get(slot % 3), 1);
                                latencies.add((System.nanoTime() - start) / 1e6);
                                if (response.statusCode() != 201) {
                                    failed.incrementAndGet();
                                }
                            }
                            return null;
                        }));
                    }
                    for (Future<?> client : clients) {
                        client.get();
                    }
                    pool.shutdown();
                    if (run == 0) {
                        continue;
                    }
                    errors += failed.get();
                    double p50 = Stats.percentile(latencies, 50);
                    double p99 = Stats.percentile(latencies, 99);
                    p50s.add(p50);
                    p99s.add(p99);
                    System.out.printf("write path run %d: %d requests, p50 %.2f ms, p99 %.2f ms, errors %d%n",
                            run, latencies.size(), p50, p99, failed.get());
                }
            }
        }
        double p99 = Stats.median(p99s);
        return new Result("write path",
                CLIENTS + " clients × " + BOOKINGS_PER_CLIENT + " non-conflicting POST /api/bookings, " + runs + " runs after a warm-up",
                "p50 " + Stats.fmt(Stats.median(p50s)) + " ms; p99 " + Stats.fmt(p99) + " ms (median of runs); errors " + errors,
                "p99 ≤ 10 ms; 0 errors", p99 <= 10 && errors == 0, "");
    }
}
