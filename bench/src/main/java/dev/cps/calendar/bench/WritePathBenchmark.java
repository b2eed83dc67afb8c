package dev.cps.calendar.bench;

import dev.cps.calendar.testing.RedisServer;
import dev.cps.calendar.api.InstanceKeys;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 50 concurrent clients POST bookings that never conflict (wrk with a script that gives every
 * request its own day and hour), on each runtime, alternated; latency percentiles from wrk, errors =
 * non-2xx answers. For the tail: the app's GC pauses (its GC log) and the time Redis spends in the
 * booking script (its command statistics) during the measured runs.
 */
final class WritePathBenchmark {

    static final int CLIENTS = 50;
    static final int THREADS = 2;
    /** 24 slots a day over the bookable years (2 back, 5 ahead) are ~61,000: more than a run books at ~6,000 a second. */
    static final int SECONDS = 8;
    private static final Pattern GC_PAUSE = Pattern.compile("Pause \\w+.*? ([0-9.]+)ms$", Pattern.MULTILINE);

    static Result run(List<AppRuntime> runtimes, Path appJar, int runs) throws Exception {
        Path script = script();
        Map<String, List<Double>> p99s = new LinkedHashMap<>();
        Map<String, List<Double>> p50s = new LinkedHashMap<>();
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, String> tails = new LinkedHashMap<>();
        long errors = 0;
        try (RedisServer redis = RedisServer.start()) {
            Calendar.seedConfig(redis.url(), 0, 24);
            List<AppProcess> apps = new ArrayList<>();
            List<Path> gcLogs = new ArrayList<>();
            try {
                for (AppRuntime runtime : runtimes) {
                    Path gcLog = Path.of("bench", "target", "gc-write-" + apps.size() + ".log").toAbsolutePath();
                    Files.deleteIfExists(gcLog);
                    gcLogs.add(gcLog);
                    apps.add(AppProcess.start(runtime.with("-Xlog:gc:file=" + gcLog), appJar,
                            Map.of("INSTANCE_SLUG", Calendar.SLUG, "REDIS_URL", redis.url())));
                }
                long[] gcLinesBefore = new long[apps.size()];
                double scriptMicrosBefore = 0;
                long scriptCallsBefore = 0;
                // run 0 is the warm-up; every run books the same free slots: the bookings of the run before are
                // removed from Redis first (the booking script checks conflicts there, not in the app's view)
                for (int run = 0; run <= runs; run++) {
                    if (run == 1) {
                        for (int a = 0; a < apps.size(); a++) {
                            gcLinesBefore[a] = Files.readAllLines(gcLogs.get(a)).size();
                        }
                        double[] script0 = scriptStats(redis);
                        scriptCallsBefore = (long) script0[0];
                        scriptMicrosBefore = script0[1];
                    }
                    for (int a = 0; a < apps.size(); a++) {
                        removeBookings(redis);
                        // the app books from 2 years back (its BookingRules): from there every slot is bookable
                        long firstDay = LocalDate.now(ZoneOffset.UTC).minusYears(2).plusDays(1).toEpochDay();
                        String out = Tools.run(List.of("wrk", "-t" + THREADS, "-c" + CLIENTS, "-d" + SECONDS + "s", "--latency",
                                "-s", script.toString(), apps.get(a).baseUrl(), "--", String.valueOf(firstDay), String.valueOf(THREADS)));
                        if (run == 0) {
                            continue;
                        }
                        String name = runtimes.get(a).name();
                        long failed = Tools.wrkNon2xx(out) + Tools.wrkSocketErrors(out);
                        errors += failed;
                        double p50 = Tools.wrkLatencyPercentileMillis(out, "50%");
                        double p99 = Tools.wrkLatencyPercentileMillis(out, "99%");
                        double rate = Tools.wrkRequestsPerSecond(out);
                        p50s.computeIfAbsent(name, n -> new ArrayList<>()).add(p50);
                        p99s.computeIfAbsent(name, n -> new ArrayList<>()).add(p99);
                        rates.computeIfAbsent(name, n -> new ArrayList<>()).add(rate);
                        System.out.printf("write path run %d, %s: %,.0f bookings/s, p50 %.2f ms, p99 %.2f ms, errors %d%n",
                                run, name, rate, p50, p99, failed);
                    }
                }
                double[] scripts = scriptStats(redis);
                double microsPerScript = (scripts[1] - scriptMicrosBefore) / Math.max(1, scripts[0] - scriptCallsBefore);
                for (int a = 0; a < apps.size(); a++) {
                    List<String> lines = Files.readAllLines(gcLogs.get(a));
                    List<Double> pauses = new ArrayList<>();
                    for (String line : lines.subList((int) gcLinesBefore[a], lines.size())) {
                        Matcher m = GC_PAUSE.matcher(line);
                        if (m.find()) {
                            pauses.add(Double.parseDouble(m.group(1)));
                        }
                    }
                    double total = pauses.stream().mapToDouble(Double::doubleValue).sum();
                    double max = pauses.stream().mapToDouble(Double::doubleValue).max().orElse(0);
                    String tail = pauses.size() + " GC pauses in " + runs * SECONDS + " s (total " + Stats.fmt(total) + " ms, longest "
                            + Stats.fmt(max) + " ms)";
                    tails.put(runtimes.get(a).name(), tail);
                    System.out.println("write path, " + runtimes.get(a).name() + ": " + tail);
                }
                System.out.printf("write path: Redis spent %.1f µs per booking script%n", microsPerScript);
                tails.put("Redis", Stats.fmt(microsPerScript) + " µs per booking script");
            } finally {
                apps.forEach(AppProcess::close);
            }
        }
        StringBuilder figures = new StringBuilder();
        for (String name : rates.keySet()) {
            figures.append(name).append(": ").append(Stats.fmt(Stats.median(rates.get(name)))).append(" bookings/s, p50 ")
                    .append(Stats.fmt(Stats.median(p50s.get(name)))).append(" ms, p99 ").append(Stats.fmt(Stats.median(p99s.get(name))))
                    .append(" ms, ").append(tails.get(name)).append("; ");
        }
        figures.append("Redis ").append(tails.get("Redis")).append("; errors ").append(errors).append(" (medians)");
        String image = AppRuntime.image(runtimes).name();
        double p99 = Stats.median(p99s.get(image));
        return new Result("write path",
                "wrk -t" + THREADS + " -c" + CLIENTS + " -d" + SECONDS + "s: POST /api/bookings, every request a free slot (bench/src/main/resources/post-bookings.lua), "
                        + runs + " runs on each runtime, alternated, after a warm-up; GC log and Redis INFO commandstats over the measured runs",
                figures.toString(), "p99 ≤ 10 ms; 0 errors (" + image + ")", p99 <= 10 && errors == 0, "");
    }

    /** Every booking of the calendar, so the next run finds every slot free; its config and change feed stay. */
    private static void removeBookings(RedisServer redis) {
        InstanceKeys keys = InstanceKeys.of(Calendar.SLUG);
        String dayPrefix = keys.bookingDay(LocalDate.EPOCH);
        String pattern = dayPrefix.substring(0, dayPrefix.indexOf(LocalDate.EPOCH.toString())) + "*";
        try (Jedis jedis = new Jedis(URI.create(redis.url()))) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                var page = jedis.scan(cursor, new ScanParams().match(pattern).count(1000));
                if (!page.getResult().isEmpty()) {
                    jedis.unlink(page.getResult().toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            jedis.unlink(keys.bookingDays());
        }
    }

    /** Calls and microseconds of the booking scripts (EVALSHA, EVAL, FCALL) so far. */
    private static double[] scriptStats(RedisServer redis) {
        try (Jedis jedis = new Jedis(URI.create(redis.url()))) {
            double calls = 0;
            double micros = 0;
            for (String line : jedis.info("commandstats").split("\r?\n")) {
                if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:") || line.startsWith("cmdstat_fcall:")) {
                    Matcher m = Pattern.compile("calls=(\\d+),usec=(\\d+)").matcher(line);
                    if (m.find()) {
                        calls += Long.parseLong(m.group(1));
                        micros += Long.parseLong(m.group(2));
                    }
                }
            }
            return new double[] {calls, micros};
        }
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
