package dev.cps.calendar.bench;

import dev.cps.calendar.testing.RedisServer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Start to healthy and idle RSS of the app with the Dockerfile's JVM flags. */
final class FootprintBenchmark {

    static Result run(Path appJar, int runs) throws Exception {
        List<Double> startMillis = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        try (RedisServer redis = RedisServer.start()) {
            Calendar.seedConfig(redis.url(), 8, 18);
            for (int run = 0; run < runs; run++) {
                try (AppProcess app = AppProcess.start(appJar, AppProcess.PRODUCTION_JVM_FLAGS,
                        Map.of("INSTANCE_SLUG", Calendar.SLUG, "REDIS_URL", redis.url()))) {
                    startMillis.add(app.startToHealthyMillis());
                    Thread.sleep(5000);
                    rss.add(app.rssMiB());
                    System.out.printf("footprint run %d: healthy after %.0f ms, idle RSS %.1f MiB%n",
                            run + 1, startMillis.get(run), rss.get(run));
                }
            }
        }
        double start = Stats.median(startMillis);
        double idle = Stats.median(rss);
        return new Result("app footprint", "java " + String.join(" ", AppProcess.PRODUCTION_JVM_FLAGS)
                + " -jar instance-app.jar with Redis; " + runs + " starts",
                "start → healthy " + Stats.fmt(start) + " ms; idle RSS " + Stats.fmt(idle) + " MiB (medians)",
                "≤ 80 MiB; ≤ 1 s", idle <= 80 && start <= 1000, "");
    }
}
