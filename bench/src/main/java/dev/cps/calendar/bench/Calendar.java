package dev.cps.calendar.bench;

import dev.cps.calendar.api.BookableHours;
import dev.cps.calendar.api.CalendarUser;
import dev.cps.calendar.api.ChangeFeed;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.api.UserColor;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** A calendar seeded the way the operator seeds it, and a client of its HTTP API. */
final class Calendar {

    static final String SLUG = "bench";
    static final List<String> USERS = List.of("Jack", "Bonnie", "Clyde");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Calendar() {
    }

    /** Writes the config under the contract key and announces it, as the operator does. */
    static void seedConfig(String redisUrl, int startHour, int endHour) {
        seedConfig(redisUrl, SLUG, startHour, endHour);
    }

    /** The same for calendar {@code slug}. */
    static void seedConfig(String redisUrl, String slug, int startHour, int endHour) {
        var keys = InstanceKeys.of(slug);
        var now = Instant.now();
        var config = new InstanceConfig(slug, "Benchmark", null, "Benchmark",
                List.of(new CalendarUser("Jack", "j", UserColor.defaultFor(1).hex()),
                        new CalendarUser("Bonnie", "b", UserColor.defaultFor(2).hex()),
                        new CalendarUser("Clyde", "c", UserColor.defaultFor(3).hex())),
                Map.of(), "UTC", new BookableHours(startHour, endHour), now, now);
        try (RedisClient redis = RedisClient.create(redisUrl)) {
            String json = ContractJson.write(config);
            redis.set(keys.config(), json);
            redis.xadd(keys.changeFeed(), StreamEntryID.NEW_ENTRY,
                    Map.of(ChangeFeed.TYPE, ChangeFeed.CONFIG_CHANGED, ChangeFeed.DATA, json));
        }
    }

    /** The ETag the app answers {@code url} with. */
    static String etag(String url) throws IOException, InterruptedException {
        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding());
        return response.headers().firstValue("ETag").orElseThrow(() -> new IllegalStateException("no ETag from " + url));
    }

    static HttpResponse<String> book(String baseUrl, LocalDate date, int hour, String user, int duration)
            throws IOException, InterruptedException {
        String body = String.format("{\"date\":\"%s\",\"time\":\"%02d:00\",\"user\":\"%s\",\"duration\":%d}",
                date, hour, user, duration);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/bookings"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
