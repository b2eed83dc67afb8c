package dev.cps.calendar.bench;

import dev.cps.calendar.api.PoolKeys;
import dev.cps.calendar.testing.RedisServer;
import redis.clients.jedis.RedisClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Density of Shared placement: one pool process with {@value #CALENDARS} member calendars, each with
 * one open event stream (so every one is loaded), against {@value #DEDICATED} dedicated apps with one
 * stream each, side by side on the image's runtime: RSS and live heap (after a full GC) per calendar.
 * Then the pool's throughput with {@value #ACTIVE} calendars busy at once (wrk, Host rotating over
 * them), next to one dedicated app under the same load.
 */
final class PoolBenchmark {

    static final int CALENDARS = 500;
    static final int DEDICATED = 3;
    static final int ACTIVE = 50;
    static final PoolKeys POOL = PoolKeys.of("bench", "shared");
    /** A pool container is sized for its calendars, not for one: its limit, where a dedicated app has {@link AppRuntime#CONTAINER_LIMIT}. */
    static final String POOL_CONTAINER_LIMIT = "-XX:MaxRAM=1g";

    static Result run(List<AppRuntime> runtimes, Path appJar, int runs) throws Exception {
        AppRuntime image = AppRuntime.image(runtimes);
        List<String> poolFlags = new ArrayList<>(image.flags().stream().map(f -> f.startsWith("-XX:MaxRAM=") ? POOL_CONTAINER_LIMIT : f).toList());
        AppRuntime poolRuntime = new AppRuntime(image.name() + ", " + POOL_CONTAINER_LIMIT, image.java(), poolFlags);
        List<Socket> streams = new ArrayList<>();
        List<AppProcess> dedicated = new ArrayList<>();
        try (RedisServer redis = RedisServer.start()) {
            try (RedisClient admin = RedisClient.create(redis.host(), redis.port())) {
                for (int i = 0; i < CALENDARS; i++) {
                    Calendar.seedConfig(redis.url(), slug(i), 8, 18);
                    admin.hset(POOL.members(), host(i), slug(i));
                }
            }
            Map<String, String> poolEnv = Map.of("POOL_ID", POOL.id(), "REDIS_URL", redis.url(), "POOL_IDLE_UNLOAD_SECONDS", "3600");
            try (AppProcess pool = AppProcess.start(poolRuntime, appJar, poolEnv)) {
                Thread.sleep(2000);
                double emptyRss = pool.rssMiB();
                double emptyHeap = liveHeapMiB(image, pool);
                long opened = 0;
                for (int i = 0; i < CALENDARS; i++) {
                    opened += openStream(streams, pool.port(), host(i) + ":" + pool.port()) ? 1 : 0;
                }
                Thread.sleep(5000);
                double fullHeap = liveHeapMiB(image, pool);
                double fullRss = pool.rssMiB();
                double rssPerCalendar = (fullRss - emptyRss) / CALENDARS;
                double heapPerCalendar = (fullHeap - emptyHeap) / CALENDARS;
                System.out.printf("pool: empty RSS %.1f MiB, live heap %.1f MiB; with %d calendars and %d streams: RSS %.1f MiB, "
                                + "live heap %.1f MiB; per calendar RSS %.3f MiB, heap %.3f MiB%n", emptyRss, emptyHeap, CALENDARS, opened,
                        fullRss, fullHeap, rssPerCalendar, heapPerCalendar);

                List<Double> dedicatedRss = new ArrayList<>();
                List<Double> dedicatedHeap = new ArrayList<>();
                for (int i = 0; i < DEDICATED; i++) {
                    AppProcess app = AppProcess.start(image, appJar, Map.of("INSTANCE_SLUG", slug(i), "REDIS_URL", redis.url()));
                    dedicated.add(app);
                    openStream(streams, app.port(), "127.0.0.1:" + app.port());
                }
                Thread.sleep(5000);
                for (AppProcess app : dedicated) {
                    dedicatedRss.add(app.rssMiB());
                    dedicatedHeap.add(liveHeapMiB(image, app));
                }
                System.out.printf("dedicated, one calendar and one stream each: RSS %s MiB, live heap %s MiB%n", dedicatedRss, dedicatedHeap);

                // the first dedicated app is cal-000 of the pool (the same keys): it serves the same week
                for (int i = 0; i < ACTIVE; i++) {
                    for (int hour = 8; hour < 14; hour += 2) {
                        post(pool.port(), host(i) + ":" + pool.port(), hour);
                    }
                }
                Path script = hostsScript();
                String path = "/api/bookings?from=2030-01-07&to=2030-01-13";
                Tools.run(List.of("wrk", "-t2", "-c50", "-d5s", "-s", script.toString(), "http://127.0.0.1:" + pool.port() + path));
                List<Double> poolRates = new ArrayList<>();
                List<Double> dedicatedRates = new ArrayList<>();
                long non2xx = 0;
                for (int run = 0; run < runs; run++) {
                    String wrk = Tools.run(List.of("wrk", "-t2", "-c50", "-d10s", "-s", script.toString(),
                            "http://127.0.0.1:" + pool.port() + path));
                    non2xx += Tools.wrkNon2xx(wrk);
                    poolRates.add(Tools.wrkRequestsPerSecond(wrk));
                    String one = Tools.run(List.of("wrk", "-t2", "-c50", "-d10s", dedicated.get(0).baseUrl() + path));
                    non2xx += Tools.wrkNon2xx(one);
                    dedicatedRates.add(Tools.wrkRequestsPerSecond(one));
                    System.out.printf("pool run %d: %d calendars busy at once %,.0f req/s; one dedicated app %,.0f req/s%n", run + 1, ACTIVE,
                            poolRates.get(run), dedicatedRates.get(run));
                }
                double dedicatedRssMedian = Stats.median(dedicatedRss);
                String figures = String.format("pool of %d calendars, %d streams open: RSS %.0f → %.0f MiB, live heap %.0f → %.0f MiB: "
                                + "**%.2f MiB RSS, %.2f MiB heap per calendar**; dedicated: %s MiB RSS, %s MiB heap per calendar; "
                                + "%d busy calendars in the pool %s req/s, one dedicated app %s req/s; non-2xx %d (medians)",
                        CALENDARS, opened, emptyRss, fullRss, emptyHeap, fullHeap, rssPerCalendar, heapPerCalendar,
                        Stats.fmt(dedicatedRssMedian), Stats.fmt(Stats.median(dedicatedHeap)), ACTIVE, Stats.fmt(Stats.median(poolRates)),
                        Stats.fmt(Stats.median(dedicatedRates)), non2xx);
                return new Result("pool density", "one pool process (" + poolRuntime.name() + ") with " + CALENDARS
                        + " member calendars and one SSE stream each vs " + DEDICATED + " dedicated apps (" + image.name()
                        + ") with one stream each, side by side; live heap from a full GC (jcmd GC.class_histogram); then wrk -t2 -c50 -d10s "
                        + "GET a week, Host rotating over " + ACTIVE + " calendars of the pool, vs one dedicated app, " + runs + " runs",
                        figures, "≤ 1 MiB per calendar (RSS) in the pool", rssPerCalendar <= 1.0 && opened == CALENDARS && non2xx == 0, "");
            }
        } finally {
            streams.forEach(PoolBenchmark::closeQuietly);
            dedicated.forEach(AppProcess::close);
        }
    }

    static String slug(int i) {
        return String.format("cal-%03d", i);
    }

    static String host(int i) {
        return slug(i) + ".pool.test";
    }

    /** An event stream left open on a socket of its own, as a browser tab keeps it; answers whether it was accepted. */
    private static boolean openStream(List<Socket> streams, int port, String host) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(5000);
        socket.getOutputStream().write(("GET /api/events HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        streams.add(socket);
        return statusLine(socket.getInputStream()).startsWith("HTTP/1.1 200");
    }

    private static void post(int port, String host, int hour) throws IOException {
        byte[] body = String.format("{\"date\":\"2030-01-08\",\"time\":\"%02d:00\",\"user\":\"Jack\",\"duration\":1}", hour)
                .getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("POST /api/bookings HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            String status = statusLine(socket.getInputStream());
            if (!status.startsWith("HTTP/1.1 201")) {
                throw new IllegalStateException("seeding " + host + " failed: " + status);
            }
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString().trim();
    }

    /** A wrk script that names one of the {@value #ACTIVE} calendars' hosts in each request, in turn. */
    private static Path hostsScript() throws IOException {
        StringBuilder lua = new StringBuilder("local hosts = {");
        for (int i = 0; i < ACTIVE; i++) {
            lua.append('"').append(host(i)).append("\",");
        }
        lua.append("}\nlocal i = 0\nrequest = function()\n  i = i + 1\n")
                .append("  return wrk.format(\"GET\", nil, {[\"Host\"] = hosts[(i % #hosts) + 1]})\nend\n");
        Path script = Files.createTempFile("pool-hosts-", ".lua");
        return Files.writeString(script, lua);
    }

    /** The heap in use after a full collection: the total of {@code jcmd <pid> GC.class_histogram}, which runs one first. */
    private static double liveHeapMiB(AppRuntime runtime, AppProcess app) throws IOException, InterruptedException {
        Path jcmd = runtime.java().resolveSibling("jcmd");
        String histogram = Tools.run(List.of(jcmd.toString(), String.valueOf(app.pid()), "GC.class_histogram"));
        Matcher total = Pattern.compile("Total\\s+\\d+\\s+(\\d+)").matcher(histogram);
        if (!total.find()) {
            throw new IllegalStateException("no total in the class histogram of " + app.pid() + ": "
                    + histogram.substring(0, Math.min(300, histogram.length())));
        }
        return Long.parseLong(total.group(1)) / 1024.0 / 1024.0;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // going away
        }
    }
}
