package dev.cps.calendar.app.ical;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import dev.cps.calendar.api.InstanceAccess;
import dev.cps.calendar.api.ViewerAccess;
import dev.cps.calendar.app.CalendarsOnRedis;
import dev.cps.calendar.app.InstanceApp;
import dev.cps.calendar.app.TestHttp;
import dev.cps.calendar.app.access.AccessFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.time.LocalDate;

import static dev.cps.calendar.app.TestHttp.booking;
import static dev.cps.calendar.app.access.AccessFixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The feeds over HTTP on a passcode calendar in a real Redis: a calendar app fetches them with the token
 * alone (no session), a wrong or rotated token is a plain 404, and only editors are given the URLs.
 */
class FeedApiTest {

    static final String EDITORS = "k7mq-x2fp-9wdr-hb4e";
    static final String VIEWERS = "look-only-2222";
    static final String TOKEN = "Q2FsZW5kYXJGZWVkVG9rZW4tdGVzdC0wMTIzNDU2Nzg5";
    @RegisterExtension
    static final CalendarsOnRedis CALENDARS = new CalendarsOnRedis();
    RedisClient admin;
    InstanceApp app;
    TestHttp http;
    String editor;
    final String sessionKey = AccessFixtures.newSessionKey();

    @BeforeEach
    void start() {
        admin = CALENDARS.admin();
        app = CALENDARS.start("eclipse", access(TOKEN));
        http = new TestHttp(app.port());
        editor = AccessFixtures.signedIn(http, EDITORS);
    }

    InstanceAccess access(String token) {
        return AccessFixtures.passcode(EDITORS, ViewerAccess.Passcode, VIEWERS, sessionKey).withFeedToken(token);
    }

    static String soon(int days) {
        return LocalDate.now(java.time.ZoneOffset.UTC).plusDays(days).toString();
    }

    @Test
    void aCalendarAppGetsTheFeedWithTheTokenAloneAndEachPersonHasTheirOwn() {
        as(http, editor, "POST", "/api/bookings", booking(soon(1), "10:00", "Jack", 2));
        as(http, editor, "POST", "/api/bookings", booking(soon(2), "14:00", "Bonnie", 1));

        TestHttp.Answer all = http.get("/feeds/" + TOKEN + ".ics");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.header("Content-Type")).startsWith("text/calendar");
        ICalendar ical = Biweekly.parse(all.body()).first();
        assertThat(ical.getEvents()).extracting(e -> e.getSummary().getValue()).containsExactly("Jack", "Bonnie");

        ICalendar bonnies = Biweekly.parse(http.get("/feeds/" + TOKEN + "/Bonnie.ics").body()).first();
        assertThat(bonnies.getEvents()).singleElement().satisfies(e -> assertThat(e.getSummary().getValue()).isEqualTo("Bonnie"));
        VEvent inBoth = bonnies.getEvents().get(0);
        assertThat(ical.getEvents().get(1).getUid().getValue()).as("one UID in both feeds").isEqualTo(inBoth.getUid().getValue());
    }

    @Test
    void aWrongTokenAnUnknownPersonOrAnotherPathIsAPlain404() {
        for (String path : new String[]{"/feeds/" + TOKEN.substring(1) + ".ics", "/feeds/" + TOKEN + "x.ics", "/feeds/" + TOKEN,
                "/feeds/.ics", "/feeds/" + TOKEN + "/Clyde.ics", "/feeds/wrong/Jack.ics", "/feeds/" + TOKEN + "/Jack"}) {
            TestHttp.Answer answer = http.get(path);
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.body()).as(path).doesNotContain(TOKEN);
        }
    }

    @Test
    void aRotatedTokenEndsTheOldUrlWithinSecondsAndTheNewOneWorks() {
        assertThat(http.get("/feeds/" + TOKEN + ".ics").status()).isEqualTo(200);

        String rotated = "Um90YXRlZC1mZWVkLXRva2VuLWZvci10ZXN0aW5nLTk4NzY1";
        AccessFixtures.provision(admin, "eclipse", access(rotated));

        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/feeds/" + TOKEN + ".ics").status() == 404);
        assertThat(http.get("/feeds/" + TOKEN + "/Jack.ics").status()).isEqualTo(404);
        assertThat(http.get("/feeds/" + rotated + ".ics").status()).isEqualTo(200);
    }

    @Test
    void aCalendarWithoutATokenHasNoFeed() {
        AccessFixtures.provision(admin, "eclipse", access(null));
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/feeds/" + TOKEN + ".ics").status() == 404);
        // the fixture hashes the passcode anew, which ends the old session
        assertThat(as(http, AccessFixtures.signedIn(http, EDITORS), "GET", "/api/feeds", null).status()).isEqualTo(204);
    }

    @Test
    void onlyEditorsAreGivenTheUrlsWithTheHostTheyCameBy() {
        TestHttp.Answer urls = as(http, editor, "GET", "/api/feeds", null);
        assertThat(urls.status()).isEqualTo(200);
        assertThat(urls.json().path("calendar").asText()).isEqualTo("http://localhost:" + app.port() + "/feeds/" + TOKEN + ".ics");
        assertThat(urls.json().path("users").path("Bonnie").asText()).endsWith("/feeds/" + TOKEN + "/Bonnie.ics");
        assertThat(http.get(java.net.URI.create(urls.json().path("users").path("Jack").asText()).getPath()).status()).isEqualTo(200);

        String viewer = AccessFixtures.signedIn(http, VIEWERS);
        TestHttp.Answer refused = as(http, viewer, "GET", "/api/feeds", null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("error").asText()).isEqualTo("editors-only");
        assertThat(refused.body()).doesNotContain(TOKEN);
        assertThat(http.get("/api/feeds").status()).as("no session").isEqualTo(401);
    }

    @Test
    void theFeedIsBoundedToAWindowAroundToday() {
        as(http, editor, "POST", "/api/bookings", booking(soon(FeedWindow.DAYS_AHEAD + 10), "10:00", "Jack", 1));
        as(http, editor, "POST", "/api/bookings", booking(soon(-FeedWindow.DAYS_BACK - 10), "10:00", "Jack", 1));
        as(http, editor, "POST", "/api/bookings", booking(soon(3), "10:00", "Jack", 1));

        assertThat(Biweekly.parse(http.get("/feeds/" + TOKEN + ".ics").body()).first().getEvents()).hasSize(1);
    }

    @Test
    void aFeedServedAgainShowsEveryChangeSinceTheLastFetch() {
        as(http, editor, "POST", "/api/bookings", booking(soon(1), "10:00", "Jack", 1));
        String first = http.get("/feeds/" + TOKEN + ".ics").body();
        assertThat(http.get("/feeds/" + TOKEN + ".ics").body()).as("unchanged: the same text").isEqualTo(first);

        as(http, editor, "POST", "/api/bookings", booking(soon(1), "12:00", "Bonnie", 1));
        as(http, editor, "DELETE", "/api/bookings/update", "{\"date\":\"" + soon(1) + "\",\"time\":\"10:00\"}");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                Biweekly.parse(http.get("/feeds/" + TOKEN + ".ics").body()).first().getEvents())
                .extracting(e -> e.getSummary().getValue()).containsExactly("Bonnie"));
    }
}
