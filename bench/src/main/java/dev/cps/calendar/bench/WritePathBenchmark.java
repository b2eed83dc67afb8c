package dev.cps.calendar.bench;

import dev.cps.calendar.testing.RedisServer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * 50 concurrent clients POST bookings that never conflict (wrk with a script that gives every
 * request its own day and hour); latency percentiles from wrk, errors = non-2xx answers.
 */
final class WritePathBenchmark {

    static final int CLIENTS = 50;
    static final int THREADS = 2;

    static Result run(Path appJar, int runs) throws Exception {
        Path script = script();
        List<Double> p99s = new ArrayList<>();
        List<Double> p50s = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        long errors = 0;
        try (RedisServer redis = RedisServer.start()) {
            Calendar.seedConfig(redis.url(), 0, 24);
            try (AppProcess app = AppProcess.start(appJar, AppProcess.PRODUCTION_JVM_FLAGS,
                    Map.of("INSTANCE_SLUG", Calendar.SLUG, "REDIS_URL", redis.url()))) {
                // run 0 is the warm-up; each run books days of its own (about 10 years apart), so nothing conflicts
                for (int run = 0; run <= runs; run++) {
                    long firstDay = LocalDate.of(2040, 1, 1).toEpochDay() + run * 4000L;
                    String out = Tools.run(List.of("wrk", "-t" + THREADS, "-c" + CLIENTS, "-d10s", "--latency",
                            "-s", script.toString(), app.baseUrl(), "--", String.valueOf(firstDay), String.valueOf(THREADS)));
                    if (run == 0) {
                        continue;
                    }
                    long failed = Tools.wrkNon2xx(out) + Tools.wrkSocketErrors(out);
                    errors += failed;
                    double p50 = Tools.wrkLatencyPercentileMillis(out, "50%");
                    double p99 = Tools.wrkLatencyPercentileMillis(out, "99%");
                    double rate = Tools.wrkRequestsPerSecond(out);
                    p50s.add(p50);
                    p99s.add(p99);
                    rates.add(rate);
                    System.out.printf("write path run %d: %,.0f bookings/s, p50 %.2f ms, p99 %.2f ms, errors %d%n",
                            run, rate, p50, p99, failed);
                }
            }
        }
        double p99 = Stats.median(p99s);
        return new Result("write path",
                "wrk -t" + THREADS + " -c" + CLIENTS + " -d10s: POST /api/bookings, every request a free slot (bench/src/main/resources/post-bookings.lua), " + runs + " runs after a warm-up",
                Stats.fmt(Stats.median(rates)) + " bookings/s; p50 " + Stats.fmt(Stats.median(p50s)) + " ms; p99 " + Stats.fmt(p99)
                        + " ms (medians); errors " + errors,
                "p99 ≤ 10 ms; 0 errors", p99 <= 10 && errors == 0, "");
    }

    private static Path script() throws IOException {
        Path script = Files.createTempFile("post-bookings", ".lua");
        try (InputStream in = WritePathBenchmark.class.getResourceAsStream("/post-bookings.lua")) {
            Files.write(script, in.readAllBytes());
        }
        script.toFile().deleteOnExit();
        return script;
    }
}
