package dev.cps.calendar.bench;

import dev.cps.calendar.api.BookableHours;
import dev.cps.calendar.api.CalendarUser;
import dev.cps.calendar.api.ChangeFeed;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.InstanceAccess;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.api.UserColor;
import dev.cps.calendar.testing.RedisServer;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A year of a busy 4-user calendar (every bookable hour 8-18 of every day of the next 365, one-hour
 * bookings by turns: 3,650 bookings): how long an import of it takes (fresh Redis each run), how long
 * its export takes and how big it is, and the size and time of its iCalendar feed.
 */
final class TransferBenchmark {

    static final String TOKEN = "YmVuY2htYXJrLWZlZWQtdG9rZW4tMDEyMzQ1Njc4OTAxMjM";
    static final List<String> USERS = List.of("Jack", "Bonnie", "Clyde", "Dora");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static Result run(List<AppRuntime> runtimes, Path appJar, int runs) throws Exception {
        String document = yearDocument();
        List<Double> imports = new ArrayList<>();
        List<Double> exports = new ArrayList<>();
        List<Double> feeds = new ArrayList<>();
        List<Double> again = new ArrayList<>();
        long exportBytes = 0;
        long feedBytes = 0;
        long created = 0;
        try (RedisServer redis = RedisServer.start()) {
            seed(redis.url());
            try (AppProcess app = AppProcess.start(AppRuntime.image(runtimes), appJar,
                    Map.of("INSTANCE_SLUG", Calendar.SLUG, "REDIS_URL", redis.url()))) {
                for (int run = 0; run <= runs; run++) { // run 0 warms up
                    clearBookings(redis.url());
                    long start = System.nanoTime();
                    HttpResponse<String> imported = send(app, "POST", "/api/import", document);
                    double importMs = (System.nanoTime() - start) / 1e6;
                    if (imported.statusCode() != 200) {
                        throw new IllegalStateException("import answered " + imported.statusCode() + ": " + imported.body());
                    }
                    created = ContractJson.MAPPER.readTree(imported.body()).path("created").size();
                    Thread.sleep(500); // the feed follower has applied the import's changes
                    start = System.nanoTime();
                    HttpResponse<String> export = send(app, "GET", "/api/export", null);
                    double exportMs = (System.nanoTime() - start) / 1e6;
                    start = System.nanoTime();
                    HttpResponse<String> feed = send(app, "GET", "/feeds/" + TOKEN + ".ics", null);
                    double feedMs = (System.nanoTime() - start) / 1e6;
                    start = System.nanoTime();
                    send(app, "GET", "/feeds/" + TOKEN + ".ics", null);
                    double againMs = (System.nanoTime() - start) / 1e6;
                    exportBytes = export.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                    feedBytes = feed.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                    System.out.printf("transfer run %d: import of %d bookings %.0f ms; export %.0f ms (%,d bytes); feed %.0f ms"
                                    + " (%,d bytes), unchanged again %.0f ms%n", run, created, importMs, exportMs, exportBytes, feedMs,
                            feedBytes, againMs);
                    if (run > 0) {
                        imports.add(importMs);
                        exports.add(exportMs);
                        feeds.add(feedMs);
                        again.add(againMs);
                    }
                }
            }
        }
        return new Result("export, import, feed",
                "a year of a busy 4-user calendar (" + created + " one-hour bookings, every hour 8-18 of 365 days): POST /api/import "
                        + "into an empty calendar, GET /api/export, GET /feeds/<token>.ics twice; " + runs + " runs after a warm-up",
                "import " + Stats.fmt(Stats.median(imports)) + " ms; export " + Stats.fmt(Stats.median(exports)) + " ms, "
                        + String.format("%,d", exportBytes) + " bytes; feed " + Stats.fmt(Stats.median(feeds)) + " ms, "
                        + String.format("%,d", feedBytes) + " bytes, unchanged again " + Stats.fmt(Stats.median(again)) + " ms (medians)",
                "import ≤ 5 s", Stats.median(imports) <= 5000, "");
    }

    static String yearDocument() {
        StringBuilder bookings = new StringBuilder();
        LocalDate first = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        int n = 0;
        for (int day = 0; day < 365; day++) {
            for (int hour = 8; hour < 18; hour++, n++) {
                bookings.append(n == 0 ? "" : ",").append(String.format(
                        "{\"date\":\"%s\",\"time\":\"%02d:00\",\"user\":\"%s\",\"duration\":1,\"createdAt\":\"%s\"}",
                        first.plusDays(day), hour, USERS.get(n % USERS.size()), created.plusMillis(n)));
            }
        }
        return "{\"format\":\"calendar-operator-export\",\"version\":1,\"bookings\":[" + bookings + "]}";
    }

    private static void seed(String redisUrl) {
        InstanceKeys keys = InstanceKeys.of(Calendar.SLUG);
        Instant now = Instant.now();
        List<CalendarUser> users = new ArrayList<>();
        for (int i = 0; i < USERS.size(); i++) {
            users.add(new CalendarUser(USERS.get(i), USERS.get(i).substring(0, 1).toLowerCase(), UserColor.defaultFor(i + 1).css()));
        }
        InstanceConfig config = new InstanceConfig(Calendar.SLUG, "Benchmark", null, "Benchmark", users, Map.of(), "Europe/Lisbon",
                new BookableHours(8, 18), now, now, InstanceAccess.PUBLIC.withFeedToken(TOKEN));
        try (RedisClient redis = RedisClient.create(redisUrl)) {
            String json = ContractJson.write(config);
            redis.set(keys.config(), json);
            redis.xadd(keys.changeFeed(), StreamEntryID.NEW_ENTRY, Map.of(ChangeFeed.TYPE, ChangeFeed.CONFIG_CHANGED, ChangeFeed.DATA, json));
        }
    }

    /** Removes the bookings (and their history), as deleting them one by one would, so the next import starts empty. */
    private static void clearBookings(String redisUrl) {
        InstanceKeys keys = InstanceKeys.of(Calendar.SLUG);
        try (RedisClient redis = RedisClient.create(redisUrl)) {
            for (String key : redis.keys(keys.prefix() + "bookings:*")) {
                for (String field : redis.hkeys(key)) {
                    redis.xadd(keys.changeFeed(), StreamEntryID.NEW_ENTRY, Map.of(ChangeFeed.TYPE, ChangeFeed.BOOKING_DELETED,
                            ChangeFeed.DATA, "{\"date\":\"" + key.substring(key.lastIndexOf(':') + 1) + "\",\"time\":\"" + field + "\"}"));
                }
                redis.del(key);
            }
            redis.del(keys.bookingDays(), keys.history());
        }
    }

    private static HttpResponse<String> send(AppProcess app, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
