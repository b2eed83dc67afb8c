package dev.cps.calendar.bench;

import dev.cps.calendar.testing.RedisServer;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GET of one week with ~30 bookings through the app on each runtime (both apps serve the same
 * calendar), against {@code redis-benchmark -t get} on the same Redis, alternated in the same run so
 * machine noise hits all alike; and the same GET with the week's ETag in If-None-Match (a 304).
 */
final class ReadPathBenchmark {

    static final LocalDate MONDAY = LocalDate.of(2030, 1, 7);

    static Result run(List<AppRuntime> runtimes, Path appJar, int runs) throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Calendar.seedConfig(redis.url(), 8, 18);
            Map<String, String> env = Map.of("INSTANCE_SLUG", Calendar.SLUG, "REDIS_URL", redis.url());
            List<AppProcess> apps = new ArrayList<>();
            try {
                for (AppRuntime runtime : runtimes) {
                    apps.add(AppProcess.start(runtime, appJar, env));
                }
                int booked = seedWeek(apps.get(0));
                String path = "/api/bookings?from=" + MONDAY + "&to=" + MONDAY.plusDays(6);
                Thread.sleep(1000); // the other replicas follow the change feed
                String etag = Calendar.etag(apps.get(0).baseUrl() + path);
                for (AppProcess app : apps) { // warm-up: JIT and connection pools
                    Tools.run(List.of("wrk", "-t2", "-c32", "-d5s", app.baseUrl() + path));
                }
                Map<String, List<Double>> ratios = new LinkedHashMap<>();
                Map<String, List<Double>> rates = new LinkedHashMap<>();
                List<Double> redisRates = new ArrayList<>();
                long non2xx = 0;
                for (int i = 0; i < runs; i++) {
                    double redisRate = Tools.redisBenchmarkGet(Tools.run(List.of("redis-benchmark",
                            "-h", redis.host(), "-p", String.valueOf(redis.port()), "-t", "get", "-n", "300000", "-c", "32", "-q")));
                    redisRates.add(redisRate);
                    for (int a = 0; a < apps.size(); a++) {
                        String wrk = Tools.run(List.of("wrk", "-t2", "-c32", "-d10s", apps.get(a).baseUrl() + path));
                        non2xx += Tools.wrkNon2xx(wrk);
                        double appRate = Tools.wrkRequestsPerSecond(wrk);
                        String name = runtimes.get(a).name();
                        rates.computeIfAbsent(name, n -> new ArrayList<>()).add(appRate);
                        ratios.computeIfAbsent(name, n -> new ArrayList<>()).add(appRate / redisRate);
                        System.out.printf("read path run %d, %s: app %,.0f req/s, redis GET %,.0f ops/s, ratio %.2f%n",
                                i + 1, name, appRate, redisRate, appRate / redisRate);
                    }
                }
                // a page polling with the tag it has: 304, no body
                AppProcess image = apps.get(apps.size() - 1);
                String notModified = Tools.run(List.of("wrk", "-t2", "-c32", "-d10s", "-H", "If-None-Match: " + etag, image.baseUrl() + path));
                double notModifiedRate = Tools.wrkRequestsPerSecond(notModified);
                System.out.printf("read path, If-None-Match: %,.0f req/s (304)%n", notModifiedRate);

                StringBuilder figures = new StringBuilder();
                for (String name : rates.keySet()) {
                    figures.append(name).append(": app ").append(Stats.fmt(Stats.median(rates.get(name)))).append(" req/s, ratio ")
                            .append(Stats.fmt(Stats.median(ratios.get(name)))).append("; ");
                }
                figures.append("Redis GET ").append(Stats.fmt(Stats.median(redisRates))).append(" ops/s; with If-None-Match (304) ")
                        .append(Stats.fmt(notModifiedRate)).append(" req/s; non-2xx ").append(non2xx).append(" (medians)");
                double ratio = Stats.median(ratios.get(AppRuntime.image(runtimes).name()));
                return new Result("read path",
                        "wrk -t2 -c32 -d10s GET a week (" + booked + " bookings) on each runtime vs redis-benchmark -t get -c32, alternated, "
                                + runs + " runs; then the same GET with its ETag in If-None-Match",
                        figures.toString(), "ratio ≥ 0.4 (" + AppRuntime.image(runtimes).name() + ")", ratio >= 0.4 && non2xx == 0, "");
            } finally {
                apps.forEach(AppProcess::close);
            }
        }
    }

    /** About 30 bookings over Monday-Sunday, mixed users and lengths. */
    private static int seedWeek(AppProcess app) throws Exception {
        int booked = 0;
        for (int day = 0; day < 7; day++) {
            for (int hour = 8; hour + 2 <= 18 && booked < 30; hour += 2) {
                if ((day + hour) % 5 == 0) {
                    continue;
                }
                var response = Calendar.book(app.baseUrl(), MONDAY.plusDays(day), hour,
                        Calendar.USERS.get((day + hour) % 3), 1 + (hour % 2));
                if (response.statusCode() != 201) {
                    throw new IllegalStateException("seeding failed: " + response.statusCode() + " " + response.body());
                }
                booked++;
            }
        }
        return booked;
    }
}
