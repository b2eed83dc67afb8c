package dev.cps.calendar.bench;

import dev.cps.calendar.testing.RedisServer;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GET of one week with ~30 bookings through the app, against {@code redis-benchmark -t get} on
 * the same Redis, alternated in the same run so machine noise hits both alike.
 */
final class ReadPathBenchmark {

    static final LocalDate MONDAY = LocalDate.of(2030, 1, 7);

    static Result run(Path appJar, int runs) throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Calendar.seedConfig(redis.url(), 8, 18);
            try (AppProcess app = AppProcess.start(appJar, AppProcess.PRODUCTION_JVM_FLAGS,
                    Map.of("INSTANCE_SLUG", Calendar.SLUG, "REDIS_URL", redis.url()))) {
                int booked = seedWeek(app);
                String url = app.baseUrl() + "/api/bookings?from=" + MONDAY + "&to=" + MONDAY.plusDays(6);
                // warm-up: JIT and connection pools
                Tools.run(List.of("wrk", "-t2", "-c32", "-d5s", url));
                List<Double> appRates = new ArrayList<>();
                List<Double> redisRates = new ArrayList<>();
                List<Double> ratios = new ArrayList<>();
                long non2xx = 0;
                for (int i = 0; i < runs; i++) {
                    String wrk = Tools.run(List.of("wrk", "-t2", "-c32", "-d10s", url));
                    non2xx += Tools.wrkNon2xx(wrk);
                    double appRate = Tools.wrkRequestsPerSecond(wrk);
                    double redisRate = Tools.redisBenchmarkGet(Tools.run(List.of("redis-benchmark",
                            "-h", redis.host(), "-p", String.valueOf(redis.port()), "-t", "get",
                            "-n", "300000", "-c", "32", "-q")));
                    appRates.add(appRate);
                    redisRates.add(redisRate);
                    ratios.add(appRate / redisRate);
                    System.out.printf("read path run %d: app %,.0f req/s, redis GET %,.0f ops/s, ratio %.2f%n",
                            i + 1, appRate, redisRate, appRate / redisRate);
                }
                double ratio = Stats.median(ratios);
                return new Result("read path",
                        "wrk -t2 -c32 -d10s GET a week (" + booked + " bookings) vs redis-benchmark -t get -c32, alternated, " + runs + " runs",
                        "app " + Stats.fmt(Stats.median(appRates)) + " req/s; Redis GET " + Stats.fmt(Stats.median(redisRates))
                                + " ops/s; ratio " + Stats.fmt(ratio) + " (median); non-2xx " + non2xx,
                        "ratio ≥ 0.4", ratio >= 0.4 && non2xx == 0, "");
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
