package dev.cps.calendar.app.http;

import dev.cps.calendar.api.UserColor;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cps.calendar.app.AppSettings;
import dev.cps.calendar.app.InstanceApp;
import dev.cps.calendar.app.TestHttp;
import dev.cps.calendar.app.TestHttp.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static dev.cps.calendar.app.TestHttp.booking;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTP API on the in-memory demo calendar (Jack, Bonnie, Clyde; 8-18). */
class BookingApiTest {

    static InstanceApp app;
    static TestHttp http;
    static final AtomicInteger DAY = new AtomicInteger();
    /** Each test books on a day of its own, so tests sharing the app do not meet. */
    String date;

    @BeforeAll
    static void startApp() {
        app = InstanceApp.start(new AppSettings("demo", Optional.empty(), 0));
        http = new TestHttp(app.port());
    }

    @AfterAll
    static void stopApp() {
        app.close();
    }

    @BeforeEach
    void pickADay() {
        date = java.time.LocalDate.of(2030, 1, 1).plusDays(DAY.incrementAndGet()).toString();
    }

    @Test
    void theConfigIsTheDemoCalendarWithCssColors() {
        Answer config = http.get("/api/config");

        assertThat(config.status()).isEqualTo(200);
        assertThat(config.header("Content-Type")).startsWith("application/json");
        JsonNode json = config.json();
        assertThat(json.path("slug").asText()).isEqualTo("demo");
        assertThat(json.path("users")).hasSize(3);
        assertThat(json.path("users").get(0).path("name").asText()).isEqualTo("Jack");
        assertThat(json.path("users").get(0).path("key").asText()).isEqualTo("j");
        assertThat(json.path("users").get(0).path("color").asText()).isEqualTo(UserColor.NAMED.get("green").hex());
        assertThat(json.path("users").get(1).path("color").asText()).isEqualTo(UserColor.NAMED.get("red").hex());
        assertThat(json.path("users").get(2).path("color").asText()).isEqualTo(UserColor.NAMED.get("purple").hex());
        assertThat(json.path("hours").path("start").asInt()).isEqualTo(8);
        assertThat(json.path("hours").path("end").asInt()).isEqualTo(18);
        assertThat(json.path("hours").has("valid")).isFalse();
        assertThat(json.path("timezone").asText()).isEqualTo("UTC");
        assertThat(json.path("displayTitle").asText()).isNotBlank();
    }

    @Test
    void theSeedsCurlSequenceBehavesAsTheSpecSays() {
        Answer created = http.send("POST", "/api/bookings", booking(date, "10:00", "Jack", 2));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("user").asText()).isEqualTo("Jack");
        assertThat(created.json().path("duration").asInt()).isEqualTo(2);
        assertThat(created.json().path("date").asText()).isEqualTo(date);
        assertThat(created.json().path("time").asText()).isEqualTo("10:00");
        String createdAt = created.json().path("createdAt").asText();
        assertThat(createdAt).isNotBlank();

        JsonNode all = http.get("/api/bookings").json();
        assertThat(all.path(date).path("10:00").path("user").asText()).isEqualTo("Jack");
        assertThat(all.path(date).path("10:00").path("duration").asInt()).isEqualTo(2);
        assertThat(all.path(date).path("10:00").path("createdAt").asText()).isEqualTo(createdAt);
        assertThat(all.path(date).has("11:00")).as("a booking is keyed by its start only").isFalse();

        Answer updated = http.send("PUT", "/api/bookings/update", booking(date, "10:00", "Bonnie", 3));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("user").asText()).isEqualTo("Bonnie");
        assertThat(updated.json().path("createdAt").asText()).isEqualTo(createdAt);
        assertThat(http.get("/api/bookings/" + date).json().path("10:00").path("duration").asInt()).isEqualTo(3);

        Answer deleted = http.send("DELETE", "/api/bookings/update", "{\"date\":\"" + date + "\",\"time\":\"10:00\"}");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(http.get("/api/bookings/" + date).body()).isEqualTo("{}");
        assertThat(http.get("/api/bookings").json().has(date)).isFalse();
    }

    @Test
    void givenJackAt10ForTwoHoursBonnieCannotBook11() {
        http.send("POST", "/api/bookings", booking(date, "10:00", "Jack", 2));

        Answer refused = http.send("POST", "/api/bookings", booking(date, "11:00", "Bonnie", 1));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("error").asText()).isEqualTo("conflict");
        assertThat(refused.json().path("message").asText()).contains("Jack 10:00-12:00");
        assertThat(http.get("/api/bookings/" + date).json().size()).isEqualTo(1);
    }

    @Test
    void anUpdateOntoAnotherBookingIs409AndOfNothingIs404() {
        http.send("POST", "/api/bookings", booking(date, "10:00", "Jack", 1));
        http.send("POST", "/api/bookings", booking(date, "11:00", "Bonnie", 1));

        Answer overlap = http.send("PUT", "/api/bookings/update", booking(date, "10:00", "Jack", 2));
        Answer nothing = http.send("PUT", "/api/bookings/update", booking(date, "14:00", "Jack", 1));
        Answer deleteNothing = http.send("DELETE", "/api/bookings/update", "{\"date\":\"" + date + "\",\"time\":\"15:00\"}");

        assertThat(overlap.status()).isEqualTo(409);
        assertThat(nothing.status()).isEqualTo(404);
        assertThat(nothing.json().path("error").asText()).isEqualTo("not-found");
        assertThat(deleteNothing.status()).isEqualTo(404);
        assertThat(http.get("/api/bookings/" + date).json().path("10:00").path("duration").asInt()).isEqualTo(1);
    }

    @Test
    void theRangeOfDatesIsInclusive() {
        String next = java.time.LocalDate.parse(date).plusDays(1).toString();
        String after = java.time.LocalDate.parse(date).plusDays(2).toString();
        http.send("POST", "/api/bookings", booking(date, "09:00", "Clyde", 1));
        http.send("POST", "/api/bookings", booking(next, "09:00", "Clyde", 1));
        http.send("POST", "/api/bookings", booking(after, "09:00", "Clyde", 1));

        JsonNode two = http.get("/api/bookings?from=" + date + "&to=" + next).json();

        assertThat(two.fieldNames()).toIterable().containsExactly(date, next);
        assertThat(http.get("/api/bookings?from=" + after).json().has(after)).isTrue();
        assertThat(http.get("/api/bookings?from=" + after).json().has(date)).isFalse();
        assertThat(http.get("/api/bookings?to=" + date).json().has(next)).isFalse();
    }

    static Stream<Arguments> badBookings() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"date\":", "not valid JSON"),
                Arguments.of("trailing garbage", "{\"date\":\"2030-01-01\"} x", "not valid JSON"),
                Arguments.of("an array", "[1,2]", "JSON object"),
                Arguments.of("empty", "", "no body"),
                Arguments.of("date a number", "{\"date\":20300101,\"time\":\"10:00\",\"user\":\"Jack\",\"duration\":1}", "date must be a string"),
                Arguments.of("duration a string", "{\"date\":\"DATE\",\"time\":\"10:00\",\"user\":\"Jack\",\"duration\":\"2\"}", "duration must be a whole number"),
                Arguments.of("duration a fraction", "{\"date\":\"DATE\",\"time\":\"10:00\",\"user\":\"Jack\",\"duration\":1.5}", "duration must be a whole number"),
                Arguments.of("user an object", "{\"date\":\"DATE\",\"time\":\"10:00\",\"user\":{\"name\":\"Jack\"},\"duration\":1}", "user must be a string"),
                Arguments.of("missing user", "{\"date\":\"DATE\",\"time\":\"10:00\",\"duration\":1}", "user is missing"),
                Arguments.of("missing duration", "{\"date\":\"DATE\",\"time\":\"10:00\",\"user\":\"Jack\"}", "duration is missing"),
                Arguments.of("missing date", "{\"time\":\"10:00\",\"user\":\"Jack\",\"duration\":1}", "date is missing"),
                Arguments.of("unknown user", booking("DATE", "10:00", "Mallory", 1), "not a user of this calendar"),
                Arguments.of("impossible date", booking("2024-02-30", "10:00", "Jack", 1), "not a real date"),
                Arguments.of("off-grid time", booking("DATE", "10:30", "Jack", 1), "whole hour"),
                Arguments.of("before hours", booking("DATE", "07:00", "Jack", 1), "outside the bookable hours"),
                Arguments.of("after hours", booking("DATE", "18:00", "Jack", 1), "outside the bookable hours"),
                Arguments.of("duration 0", booking("DATE", "10:00", "Jack", 0), "1, 2 or 3 hours"),
                Arguments.of("duration 4", booking("DATE", "10:00", "Jack", 4), "1, 2 or 3 hours"),
                Arguments.of("ends after hours", booking("DATE", "16:00", "Jack", 3), "would end after"));
    }

    @ParameterizedTest(name = "POST with {0} is 400 and changes nothing")
    @MethodSource("badBookings")
    void aBadBookingIs400WithAReasonAndChangesNothing(String what, String body, String reason) {
        String before = http.get("/api/bookings").body();

        Answer post = http.send("POST", "/api/bookings", body.replace("DATE", date));
        Answer put = http.send("PUT", "/api/bookings/update", body.replace("DATE", date));

        for (Answer answer : new Answer[] {post, put}) {
            assertThat(answer.status()).as(what).isEqualTo(400);
            assertThat(answer.header("Content-Type")).startsWith("application/json");
            assertThat(answer.json().path("error").asText()).isEqualTo("invalid");
            assertThat(answer.json().path("message").asText()).contains(reason);
        }
        assertThat(http.get("/api/bookings").body()).isEqualTo(before);
    }

    @Test
    void aDeleteWithABadSlotIs400() {
        http.send("POST", "/api/bookings", booking(date, "10:00", "Jack", 1));

        Answer offGrid = http.send("DELETE", "/api/bookings/update", "{\"date\":\"" + date + "\",\"time\":\"10:30\"}");
        Answer noDate = http.send("DELETE", "/api/bookings/update", "{\"time\":\"10:00\"}");

        assertThat(offGrid.status()).isEqualTo(400);
        assertThat(noDate.status()).isEqualTo(400);
        assertThat(noDate.json().path("message").asText()).contains("date is missing");
        assertThat(http.get("/api/bookings/" + date).json().has("10:00")).isTrue();
    }

    @Test
    void aBodyOver16KiBIs413() {
        String huge = "{\"date\":\"" + date + "\",\"time\":\"10:00\",\"user\":\"Jack\",\"duration\":1,\"pad\":\"" + "x".repeat(17 * 1024) + "\"}";

        Answer answer = http.send("POST", "/api/bookings", huge);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().path("error").asText()).isEqualTo("too-large");
        assertThat(http.get("/api/bookings/" + date).body()).isEqualTo("{}");
    }

    @Test
    void aBodyThatIsNotJsonContentIs415() {
        Answer text = http.send("POST", "/api/bookings", booking(date, "10:00", "Jack", 1), "text/plain");
        Answer form = http.send("PUT", "/api/bookings/update", "date=x", "application/x-www-form-urlencoded");
        Answer none = http.send("POST", "/api/bookings", booking(date, "10:00", "Jack", 1), null);
        Answer withCharset = http.send("POST", "/api/bookings", booking(date, "12:00", "Jack", 1), "application/json; charset=utf-8");

        assertThat(text.status()).isEqualTo(415);
        assertThat(text.json().path("error").asText()).isEqualTo("unsupported-media-type");
        assertThat(form.status()).isEqualTo(415);
        assertThat(none.status()).isEqualTo(415);
        assertThat(withCharset.status()).isEqualTo(201);
        assertThat(http.get("/api/bookings/" + date).json().has("10:00")).isFalse();
    }

    @Test
    void badQueryAndPathDatesAre400() {
        assertThat(http.get("/api/bookings/2024-02-30").status()).isEqualTo(400);
        assertThat(http.get("/api/bookings/yesterday").json().path("error").asText()).isEqualTo("invalid");
        assertThat(http.get("/api/bookings?from=2024-13-01").status()).isEqualTo(400);
        assertThat(http.get("/api/bookings?from=2024-02-02&to=2024-02-01").json().path("message").asText()).contains("after");
    }

    @Test
    void anUnknownRouteIsA404InJson() {
        Answer answer = http.get("/api/nothing-here");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.json().path("error").asText()).isEqualTo("not-found");
        assertThat(answer.json().path("message").asText()).contains("/api/nothing-here");
        assertThat(http.get("/no-such-file.js").status()).isEqualTo(404);
    }

    @Test
    void aWrongMethodIsA405InJson() {
        for (Answer answer : new Answer[] {
                http.send("PATCH", "/api/bookings", booking(date, "10:00", "Jack", 1)),
                http.send("DELETE", "/api/config", null),
                http.send("POST", "/api/bookings/update", booking(date, "10:00", "Jack", 1)),
                http.get("/api/bookings/update")}) {
            assertThat(answer.status()).isEqualTo(405);
            assertThat(answer.json().path("error").asText()).isEqualTo("method-not-allowed");
        }
        assertThat(http.get("/api/bookings/" + date).body()).isEqualTo("{}");
    }

    @Test
    void eventsWithoutAcceptingAnEventStreamIs406() {
        Answer answer = http.get("/api/events");

        assertThat(answer.status()).isEqualTo(406);
        assertThat(answer.json().path("error").asText()).isEqualTo("not-acceptable");
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        for (Answer answer : new Answer[] {http.get("/api/config"), http.get("/api/nope"), http.get("/"),
                http.send("POST", "/api/bookings", "{", "application/json")}) {
            assertThat(answer.header("Content-Security-Policy")).isEqualTo("default-src 'self'; script-src 'self'; "
                    + "style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
                    + "frame-ancestors 'none'");
            assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(answer.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
        }
    }

    @Test
    void thePageIsServedAtTheRoot() {
        Answer page = http.get("/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).containsIgnoringCase("<!doctype html>");
    }

    @Test
    void thePageFilesAreRevalidatedByETagAndNothingOutsideThePageIsServed() {
        Answer script = http.get("/app.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).startsWith("text/javascript");
        assertThat(script.header("Cache-Control")).isEqualTo("no-cache");
        String etag = script.header("ETag");
        assertThat(etag).matches("\"[A-Za-z0-9_-]{22}\"");
        assertThat(http.get("/style.css").header("Content-Type")).startsWith("text/css");
        assertThat(http.get("/style.css").header("ETag")).isNotEqualTo(etag);

        Answer again = http.send(java.net.http.HttpRequest.newBuilder(http.uri("/app.js")).header("If-None-Match", etag));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();

        for (String outside : List.of("/dev/cps/calendar/app/InstanceApp.class", "/..%2Fsimplelogger.properties",
                "/simplelogger.properties", "/nothing.js", "/.hidden.js", "/metrics")) {
            assertThat(http.get(outside).status()).as(outside).isEqualTo(404);
        }
    }

    @Test
    void healthSaysInMemoryAndOk() {
        Answer health = http.get("/api/health");

        assertThat(health.status()).isEqualTo(200);
        JsonNode json = health.json();
        assertThat(json.path("status").asText()).isEqualTo("ok");
        assertThat(json.path("slug").asText()).isEqualTo("demo");
        assertThat(json.path("placement").asText()).isEqualTo("Dedicated");
        assertThat(json.has("pool")).isFalse();
        assertThat(json.path("redis").asText()).isEqualTo("in-memory");
        assertThat(json.path("version").asText()).isNotBlank();
        assertThat(json.path("uptimeSeconds").isIntegralNumber()).isTrue();
    }

    @Test
    void metricsArePrometheusTextAndCountWhatHappened() {
        http.send("POST", "/api/bookings", booking(date, "10:00", "Jack", 1));
        http.send("POST", "/api/bookings", booking(date, "10:00", "Bonnie", 1));

        Answer metrics = new TestHttp(app.metricsPort()).get("/metrics");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("Content-Type")).startsWith("text/plain");
        assertThat(metrics.body()).contains("# TYPE calendar_booking_conflicts_total counter")
                .containsPattern("calendar_booking_changes_total\\{change=\"created\",slug=\"demo\"} [1-9]")
                .containsPattern("calendar_booking_conflicts_total\\{slug=\"demo\"} [1-9]")
                .contains("http_server_requests_seconds_count{")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void thePublicPortDoesNotServeMetrics() {
        Answer metrics = http.get("/metrics");

        assertThat(metrics.status()).isEqualTo(404);
        assertThat(metrics.body()).doesNotContain("calendar_").doesNotContain("jvm_");
        assertThat(app.metricsPort()).isNotEqualTo(app.port());
        assertThat(new TestHttp(app.metricsPort()).get("/api/config").status()).isEqualTo(404);
    }

    @Test
    void settingsComeFromTheEnvironmentWithDefaults() {
        assertThat(AppSettings.fromEnvironment(Map.of())).isEqualTo(new AppSettings("demo", Optional.empty(), 8080, 9090));
        assertThat(AppSettings.fromEnvironment(Map.of("INSTANCE_SLUG", "eclipse", "REDIS_URL", "redis://u:p@r:6379", "PORT", "9191",
                        "METRICS_PORT", "9192")))
                .isEqualTo(new AppSettings("eclipse", Optional.of("redis://u:p@r:6379"), 9191, 9192));
        assertThatThrownBy(() -> AppSettings.fromEnvironment(Map.of("PORT", "9090")))
                .hasMessageContaining("METRICS_PORT must differ from PORT");
        assertThat(AppSettings.fromEnvironment(Map.of("REDIS_URL", " ")).inMemory()).isTrue();
    }
}
