package dev.cps.calendar.bench;

import dev.cps.calendar.testing.RedisServer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Start to healthy and idle RSS of the app on each runtime, starts alternated so machine noise hits both alike. */
final class FootprintBenchmark {

    static Result run(List<AppRuntime> runtimes, Path appJar, int runs) throws Exception {
        Map<AppRuntime, List<Double>> startMillis = new LinkedHashMap<>();
        Map<AppRuntime, List<Double>> rss = new LinkedHashMap<>();
        try (RedisServer redis = RedisServer.start()) {
            Calendar.seedConfig(redis.url(), 8, 18);
            for (int run = 0; run < runs; run++) {
                for (AppRuntime runtime : runtimes) {
                    try (AppProcess app = AppProcess.start(runtime, appJar, Map.of("INSTANCE_SLUG", Calendar.SLUG, "REDIS_URL", redis.url()))) {
                        Thread.sleep(5000);
                        startMillis.computeIfAbsent(runtime, r -> new ArrayList<>()).add(app.startToHealthyMillis());
                        rss.computeIfAbsent(runtime, r -> new ArrayList<>()).add(app.rssMiB());
                        System.out.printf("footprint run %d, %s: healthy after %.0f ms, idle RSS %.1f MiB%n",
                                run + 1, runtime.name(), app.startToHealthyMillis(), app.rssMiB());
                    }
                }
            }
        }
        StringBuilder how = new StringBuilder("with Redis; ").append(runs).append(" starts each, alternated: ");
        StringBuilder figures = new StringBuilder();
        for (AppRuntime runtime : runtimes) {
            how.append(runtime.name()).append(": `java ").append(String.join(" ", runtime.flags())).append(" -jar instance-app.jar`; ");
            figures.append(runtime.name()).append(": start → healthy ").append(Stats.fmt(Stats.median(startMillis.get(runtime))))
                    .append(" ms, idle RSS ").append(Stats.fmt(Stats.median(rss.get(runtime)))).append(" MiB; ");
        }
        AppRuntime image = AppRuntime.image(runtimes);
        double start = Stats.median(startMillis.get(image));
        double idle = Stats.median(rss.get(image));
        return new Result("app footprint", how.toString().trim(), figures.append("(medians)").toString(),
                "≤ 64 MiB; ≤ 400 ms (" + image.name() + ")", idle <= 64 && start <= 400, "");
    }
}
