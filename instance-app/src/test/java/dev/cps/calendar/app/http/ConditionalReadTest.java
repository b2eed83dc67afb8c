package dev.cps.calendar.app.http;

import dev.cps.calendar.app.AppSettings;
import dev.cps.calendar.app.InstanceApp;
import dev.cps.calendar.app.TestHttp;
import dev.cps.calendar.app.TestHttp.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.Optional;

import static dev.cps.calendar.app.TestHttp.booking;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A day or a range of days answers with an ETag; a client that sends it back in If-None-Match gets
 * 304 and no body until a booking in it changes (the page's polling fallback asks this way).
 */
class ConditionalReadTest {

    static InstanceApp app;
    static TestHttp http;

    @BeforeAll
    static void startApp() {
        app = InstanceApp.start(new AppSettings("demo", Optional.empty(), 0));
        http = new TestHttp(app.port());
    }

    @AfterAll
    static void stopApp() {
        app.close();
    }

    @Test
    void aDayAnswers304ToItsOwnTagUntilJackBooksInIt() {
        String day = "/api/bookings/2031-03-03";
        Answer first = http.get(day);
        String tag = first.header("ETag");
        assertThat(tag).matches("\"[0-9a-f]{16}\"");

        Answer again = ifNoneMatch(day, tag);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.header("ETag")).isEqualTo(tag);

        assertThat(http.send("POST", "/api/bookings", booking("2031-03-03", "10:00", "Jack", 2)).status()).isEqualTo(201);

        Answer changed = ifNoneMatch(day, tag);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().path("10:00").path("user").asText()).isEqualTo("Jack");
        assertThat(changed.header("ETag")).isNotEqualTo(tag);
        assertThat(ifNoneMatch(day, changed.header("ETag")).status()).isEqualTo(304);
    }

    @Test
    void aWeeksTagChangesWithABookingInsideItAndNotWithOneOutside() {
        String week = "/api/bookings?from=2031-04-07&to=2031-04-13";
        assertThat(http.send("POST", "/api/bookings", booking("2031-04-08", "09:00", "Bonnie", 1)).status()).isEqualTo(201);
        Answer first = http.get(week);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("2031-04-08").path("09:00").path("user").asText()).isEqualTo("Bonnie");
        String tag = first.header("ETag");

        assertThat(http.send("POST", "/api/bookings", booking("2031-04-14", "09:00", "Jack", 1)).status()).isEqualTo(201);
        assertThat(ifNoneMatch(week, tag).status()).as("the next Monday is not in the week").isEqualTo(304);

        assertThat(http.send("POST", "/api/bookings", booking("2031-04-13", "09:00", "Jack", 1)).status()).isEqualTo(201);
        Answer changed = ifNoneMatch(week, tag);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().path("2031-04-13").path("09:00").path("user").asText()).isEqualTo("Jack");
        assertThat(changed.header("Content-Length")).isEqualTo(String.valueOf(changed.body().length()));

        assertThat(http.send("DELETE", "/api/bookings/update", "{\"date\":\"2031-04-13\",\"time\":\"09:00\"}").status()).isIn(200, 204);
        assertThat(ifNoneMatch(week, tag).status()).as("back to the same bookings: the same tag").isEqualTo(304);
    }

    @Test
    void ifNoneMatchComparesWeaklyAndTakesAListOrAStar() {
        String tag = EntityTag.of(0x0123456789abcdefL);
        assertThat(tag).isEqualTo("\"0123456789abcdef\"");
        assertThat(EntityTag.matches(tag, tag)).isTrue();
        assertThat(EntityTag.matches("\"other\", W/" + tag, tag)).isTrue();
        assertThat(EntityTag.matches("*", tag)).isTrue();
        assertThat(EntityTag.matches("\"0123456789abcdee\"", tag)).isFalse();
        assertThat(EntityTag.matches("0123456789abcdef", tag)).as("a tag is quoted").isFalse();
    }

    private static Answer ifNoneMatch(String path, String tag) {
        return http.send(HttpRequest.newBuilder(http.uri(path)).header("If-None-Match", tag).GET());
    }
}
