package dev.cps.calendar.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cps.calendar.app.InstanceApp;
import dev.cps.calendar.testing.RedisServer;
import dev.cps.calendar.testing.SeededApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed requests, one per row: each is refused with a 4xx and a JSON error that says what is
 * wrong, and the calendar's bookings are exactly what they were before.
 */
@ReliabilitySuite(order = 4, name = "Bad input",
        tried = "malformed HTTP requests, one per row: bad JSON, wrong types, missing fields, unknown user, impossible "
                + "dates, off-grid and out-of-hours times, durations 0/4/-1/\"2\", overlong strings, bodies of 16 KiB "
                + "and more, wrong content types and charsets, invalid and overlong UTF-8, duplicate keys, deep nesting, "
                + "unknown routes and methods",
        expected = "the row's 4xx with a JSON `{error, message}` in plain words (no parser classes or features); GET "
                + "/api/bookings unchanged",
        unit = "requests")
class BadInputTest {

    private static final String SLUG = "bad-input";
    private static final String DAY = "2030-06-03";
    private static final String JSON = "application/json";

    /** One malformed request and the status it must get. */
    record Case(String name, String method, String path, String contentType, byte[] body, int status, boolean expectContinue) {

        Case(String name, String method, String path, String contentType, byte[] body, int status) {
            this(name, method, path, contentType, body, status, false);
        }

        static Case post(String name, String json, int status) {
            return new Case(name, "POST", "/api/bookings", JSON, bytes(json), status);
        }

        /** A body too large to take, offered with {@code Expect: 100-continue} as curl offers large bodies. */
        static Case offer(String name, String json, int status) {
            return new Case(name, "POST", "/api/bookings", JSON, bytes(json), status, true);
        }

        static Case request(String name, String method, String path, String contentType, String body, int status) {
            return new Case(name, method, path, contentType, body == null ? null : bytes(body), status);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @RegisterExtension
    static final SeededApp<InstanceApp> CALENDAR = Calendars.jackBonnieAndClydeApp(SLUG, RedisServer::start);
    private static ApiClient api;
    private static JsonNode before;

    @BeforeAll
    static void start() {
        api = new ApiClient(CALENDAR.app().port());
        // something to change, delete or overlap: Jack 10:00-12:00, Bonnie 12:00-13:00
        assertThat(api.post("/api/bookings", ApiClient.booking(DAY, "10:00", "Jack", 2)).status()).isEqualTo(201);
        assertThat(api.post("/api/bookings", ApiClient.booking(DAY, "12:00", "Bonnie", 1)).status()).isEqualTo(201);
        before = api.bookings();
    }

    static Stream<Case> malformedRequests() {
        String longName = "J".repeat(10_000);
        String big = "{\"date\":\"" + DAY + "\",\"time\":\"09:00\",\"user\":\"Jack\",\"duration\":1,\"pad\":\""
                + "x".repeat(16 * 1024) + "\"}";
        return Stream.of(
                // not JSON, or not an object
                Case.post("not JSON at all", "date=2030-06-03&time=09:00", 400),
                Case.post("truncated JSON", "{\"date\":\"" + DAY + "\",\"time\":", 400),
                Case.post("a JSON array", "[\"" + DAY + "\",\"09:00\",\"Jack\",1]", 400),
                Case.post("a JSON string", "\"" + DAY + " 09:00 Jack\"", 400),
                Case.post("JSON null", "null", 400),
                Case.post("an empty body", "", 400),
                Case.post("two objects", booking("09:00", "Jack", "1") + booking("16:00", "Jack", "1"), 400),
                Case.post("single quotes", "{'date':'" + DAY + "','time':'09:00','user':'Jack','duration':1}", 400),
                Case.post("nesting 5000 deep", "[".repeat(5000) + "]".repeat(5000), 400),
                new Case("invalid UTF-8", "POST", "/api/bookings", JSON,
                        concat(bytes("{\"date\":\"" + DAY + "\",\"time\":\"09:00\",\"user\":\"Ja"), new byte[] {(byte) 0xC3, (byte) 0x28},
                                bytes("ck\",\"duration\":1}")), 400),
                new Case("overlong UTF-8 (C1 8A for J)", "POST", "/api/bookings", JSON,
                        concat(bytes("{\"date\":\"" + DAY + "\",\"time\":\"09:00\",\"user\":\""), new byte[] {(byte) 0xC1, (byte) 0x8A},
                                bytes("ack\",\"duration\":1}")), 400),
                Case.post("a duplicate key", "{\"date\":\"" + DAY + "\",\"time\":\"09:00\",\"user\":\"Jack\",\"user\":\"Bonnie\","
                        + "\"duration\":1}", 400),
                Case.post("a trailing comma", "{\"date\":\"" + DAY + "\",\"time\":\"09:00\",\"user\":\"Jack\",\"duration\":1,}", 400),
                // wrong types
                Case.post("date as a number", "{\"date\":20300603,\"time\":\"09:00\",\"user\":\"Jack\",\"duration\":1}", 400),
                Case.post("time as a number", "{\"date\":\"" + DAY + "\",\"time\":9,\"user\":\"Jack\",\"duration\":1}", 400),
                Case.post("user as an array", "{\"date\":\"" + DAY + "\",\"time\":\"09:00\",\"user\":[\"Jack\"],\"duration\":1}", 400),
                Case.post("user as an object", "{\"date\":\"" + DAY + "\",\"time\":\"09:00\",\"user\":{\"name\":\"Jack\"},\"duration\":1}", 400),
                Case.post("duration \"2\" (a string)", booking("09:00", "Jack", "\"2\""), 400),
                Case.post("duration 1.5", booking("09:00", "Jack", "1.5"), 400),
                Case.post("duration true", booking("09:00", "Jack", "true"), 400),
                Case.post("duration beyond int", booking("09:00", "Jack", "99999999999"), 400),
                // missing fields
                Case.post("no date", "{\"time\":\"09:00\",\"user\":\"Jack\",\"duration\":1}", 400),
                Case.post("no time", "{\"date\":\"" + DAY + "\",\"user\":\"Jack\",\"duration\":1}", 400),
                Case.post("no user", "{\"date\":\"" + DAY + "\",\"time\":\"09:00\",\"duration\":1}", 400),
                Case.post("no duration", "{\"date\":\"" + DAY + "\",\"time\":\"09:00\",\"user\":\"Jack\"}", 400),
                Case.post("an empty object", "{}", 400),
                Case.post("every field null", "{\"date\":null,\"time\":null,\"user\":null,\"duration\":null}", 400),
                // unknown user
                Case.post("unknown user Mallory", booking("09:00", "Mallory", "1"), 400),
                Case.post("user in the wrong case", booking("09:00", "jack", "1"), 400),
                Case.post("user with a trailing space", booking("09:00", "Jack ", "1"), 400),
                Case.post("user with a NUL", booking("09:00", "Jack\\u0000", "1"), 400),
                // impossible or malformed dates
                Case.post("30 February", bookingOn("2030-02-30", "09:00"), 400),
                Case.post("29 February in a common year", bookingOn("2031-02-29", "09:00"), 400),
                Case.post("month 13", bookingOn("2030-13-01", "09:00"), 400),
                Case.post("day 00", bookingOn("2030-06-00", "09:00"), 400),
                Case.post("date as DD/MM/YYYY", bookingOn("03/06/2030", "09:00"), 400),
                Case.post("date without zero padding", bookingOn("2030-6-3", "09:00"), 400),
                Case.post("date with a time", bookingOn("2030-06-03T09:00", "09:00"), 400),
                // off-grid and out-of-hours times
                Case.post("half past", booking("09:30", "Jack", "1"), 400),
                Case.post("time without minutes", booking("9", "Jack", "1"), 400),
                Case.post("time with seconds", booking("09:00:00", "Jack", "1"), 400),
                Case.post("24:00", booking("24:00", "Jack", "1"), 400),
                Case.post("before the bookable hours", booking("07:00", "Jack", "1"), 400),
                Case.post("at the end of the bookable hours", booking("18:00", "Jack", "1"), 400),
                Case.post("ending after the bookable hours", booking("17:00", "Jack", "2"), 400),
                // durations
                Case.post("duration 0", booking("09:00", "Jack", "0"), 400),
                Case.post("duration 4", booking("08:00", "Jack", "4"), 400),
                Case.post("duration -1", booking("09:00", "Jack", "-1"), 400),
                // overlong strings and bodies
                Case.post("a 10,000-character user name", booking("09:00", longName, "1"), 400),
                Case.post("a 10,000-character date", bookingOn("2".repeat(10_000), "09:00"), 400),
                // sent whole, a body over the limit sometimes gets no answer at all (see the disabled test below)
                Case.offer("a body over 16 KiB", big, 413),
                Case.offer("a 1 MiB body", "{\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}", 413),
                // content types
                Case.request("text/plain", "POST", "/api/bookings", "text/plain", booking("09:00", "Jack", "1"), 415),
                Case.request("no content type", "POST", "/api/bookings", null, booking("09:00", "Jack", "1"), 415),
                Case.request("an unknown charset", "POST", "/api/bookings", "application/json; charset=foo-bar",
                        booking("09:00", "Jack", "1"), 415),
                Case.request("charset ISO-8859-1", "POST", "/api/bookings", "application/json; charset=iso-8859-1",
                        booking("09:00", "Jack", "1"), 415),
                Case.request("a form", "POST", "/api/bookings", "application/x-www-form-urlencoded",
                        "date=" + DAY + "&time=09:00&user=Jack&duration=1", 415),
                Case.request("application/xml", "POST", "/api/bookings", "application/xml",
                        "<booking date=\"" + DAY + "\" time=\"09:00\" user=\"Jack\" duration=\"1\"/>", 415),
                // updates and deletes that do not fit
                Case.request("update with bad JSON", "PUT", "/api/bookings/update", JSON, "{\"date\":", 400),
                Case.request("update to an unknown user", "PUT", "/api/bookings/update", JSON, booking("10:00", "Mallory", "2"), 400),
                Case.request("update to duration 4", "PUT", "/api/bookings/update", JSON, booking("10:00", "Jack", "4"), 400),
                Case.request("update of a free slot", "PUT", "/api/bookings/update", JSON, booking("16:00", "Jack", "1"), 404),
                Case.request("update into Bonnie's booking", "PUT", "/api/bookings/update", JSON, booking("10:00", "Jack", "3"), 409),
                Case.request("delete without a time", "DELETE", "/api/bookings/update", JSON, "{\"date\":\"" + DAY + "\"}", 400),
                Case.request("delete at half past", "DELETE", "/api/bookings/update", JSON,
                        "{\"date\":\"" + DAY + "\",\"time\":\"10:30\"}", 400),
                Case.request("delete of a free slot", "DELETE", "/api/bookings/update", JSON,
                        "{\"date\":\"" + DAY + "\",\"time\":\"16:00\"}", 404),
                Case.request("delete at 11:00 inside Jack's booking", "DELETE", "/api/bookings/update", JSON,
                        "{\"date\":\"" + DAY + "\",\"time\":\"11:00\"}", 404),
                Case.post("a booking over Jack's", booking("11:00", "Bonnie", "1"), 409),
                // reads with bad parameters
                Case.request("one day: 30 February", "GET", "/api/bookings/2030-02-30", null, null, 400),
                Case.request("one day: not a date", "GET", "/api/bookings/tomorrow", null, null, 400),
                Case.request("range: from after to", "GET", "/api/bookings?from=2030-06-10&to=2030-06-01", null, null, 400),
                Case.request("range: from is not a date", "GET", "/api/bookings?from=yesterday", null, null, 400),
                // unknown routes and methods
                Case.request("unknown API route", "GET", "/api/nothing-here", null, null, 404),
                Case.request("unknown page", "GET", "/admin.php", null, null, 404),
                Case.request("path traversal", "GET", "/..%2f..%2fetc%2fpasswd", null, null, 404),
                Case.request("GET on /api/bookings/update", "GET", "/api/bookings/update", null, null, 405),
                Case.request("PATCH /api/bookings", "PATCH", "/api/bookings", JSON, booking("09:00", "Jack", "1"), 405),
                Case.request("DELETE /api/bookings", "DELETE", "/api/bookings", null, null, 405),
                Case.request("PUT /api/config", "PUT", "/api/config", JSON, "{\"title\":\"Pwned\"}", 405),
                Case.request("POST /api/health", "POST", "/api/health", JSON, "{}", 405),
                Case.request("events without Accept: text/event-stream", "GET", "/api/events", null, null, 406));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void aMalformedRequestIsRefusedWithAJsonErrorAndChangesNothing(Case request) {
        ApiClient.Answer answer = request.expectContinue()
                ? api.sendExpectingContinue(request.method(), request.path(), request.contentType(), request.body())
                : api.send(request.method(), request.path(), request.contentType(), request.body());

        assertThat(answer.status()).as("%s %s: %s", request.method(), request.path(), answer).isEqualTo(request.status());
        assertThat(answer.contentType()).as("content type of %s", answer).startsWith("application/json");
        JsonNode error = answer.json();
        assertThat(error.path("error").isTextual()).as("error in %s", answer.body()).isTrue();
        assertThat(error.path("error").asText()).isNotBlank();
        assertThat(error.path("message").isTextual()).as("message in %s", answer.body()).isTrue();
        assertThat(error.path("message").asText()).isNotBlank()
                // said in plain words: not the JSON parser's classes, features or settings
                .doesNotContain("com.fasterxml").doesNotContain("Jackson").doesNotContain("Feature")
                .doesNotContain("Constraints").doesNotContain("`");
        assertThat(api.bookings()).as("bookings after %s", request.name()).isEqualTo(before);
    }

    @Test
    void aBodyOverTheLimitSentWholeGetsIts413EveryTime() {
        String big = "{\"pad\":\"" + "x".repeat(64 * 1024) + "\"}";
        for (int attempt = 0; attempt < 60; attempt++) {
            ApiClient.Answer answer = new ApiClient(CALENDAR.app().port()).post("/api/bookings", big);
            assertThat(answer.status()).as("attempt %d: %s", attempt + 1, answer).isEqualTo(413);
        }
    }

    private static String booking(String time, String user, String durationJson) {
        return "{\"date\":\"" + DAY + "\",\"time\":\"" + time + "\",\"user\":\"" + user + "\",\"duration\":" + durationJson + "}";
    }

    private static String bookingOn(String date, String time) {
        return "{\"date\":\"" + date + "\",\"time\":\"" + time + "\",\"user\":\"Jack\",\"duration\":1}";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
