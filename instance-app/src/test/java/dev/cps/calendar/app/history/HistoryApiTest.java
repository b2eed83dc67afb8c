package dev.cps.calendar.app.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cps.calendar.api.ViewerAccess;
import dev.cps.calendar.app.CalendarsOnRedis;
import dev.cps.calendar.app.InstanceApp;
import dev.cps.calendar.app.TestHttp;
import dev.cps.calendar.app.access.AccessFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static dev.cps.calendar.app.TestHttp.booking;
import static dev.cps.calendar.app.access.AccessFixtures.as;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/history} on a real Redis: who changed what, from where, newest first, a page at a time. */
class HistoryApiTest {

    static final String EDITORS = "k7mq-x2fp-9wdr-hb4e";
    static final String VIEWERS = "look-only-2222";
    @RegisterExtension
    static final CalendarsOnRedis CALENDARS = new CalendarsOnRedis();
    TestHttp http;
    String editor;
    final String date = LocalDate.now(ZoneOffset.UTC).plusDays(2).toString();
    final String nextDay = LocalDate.now(ZoneOffset.UTC).plusDays(3).toString();

    @BeforeEach
    void start() {
        InstanceApp app = CALENDARS.start("eclipse", AccessFixtures.passcode(EDITORS, ViewerAccess.Passcode, VIEWERS,
                AccessFixtures.newSessionKey()));
        http = new TestHttp(app.port());
        editor = AccessFixtures.signedIn(http, EDITORS);
    }

    TestHttp.Answer fromThePage(String method, String path, String body) {
        return http.send(HttpRequest.newBuilder(http.uri(path)).method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Cookie", editor).header(ChangeOrigin.CLIENT_HEADER, "page"));
    }

    @Test
    void everyKindOfChangeIsToldNewestFirstWithBeforeAfterAndWhereItCameFrom() {
        fromThePage("POST", "/api/bookings", booking(date, "10:00", "Jack", 1));
        as(http, editor, "PUT", "/api/bookings/update", booking(date, "10:00", "Bonnie", 1));
        TestHttp.Answer moved = fromThePage("PUT", "/api/bookings/move",
                "{\"date\":\"" + date + "\",\"time\":\"10:00\",\"toDate\":\"" + nextDay + "\",\"toTime\":\"15:00\"}");
        assertThat(moved.status()).isEqualTo(200);
        fromThePage("DELETE", "/api/bookings/update", "{\"date\":\"" + nextDay + "\",\"time\":\"15:00\"}");

        TestHttp.Answer answer = as(http, editor, "GET", "/api/history", null);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode entries = answer.json().path("entries");
        assertThat(entries).extracting(e -> e.path("action").asText()).containsExactly("deleted", "moved", "user-changed", "created");
        assertThat(entries).extracting(e -> e.path("source").asText()).containsExactly("page", "page", "api", "page");
        assertThat(entries).allSatisfy(e -> assertThat(e.path("role").asText()).isEqualTo("editor"));
        JsonNode move = entries.get(1);
        assertThat(move.path("before").path("date").asText()).isEqualTo(date);
        assertThat(move.path("after").path("date").asText()).isEqualTo(nextDay);
        assertThat(move.path("after").path("time").asText()).isEqualTo("15:00");
        assertThat(entries.get(2).path("before").path("user").asText()).isEqualTo("Jack");
        assertThat(entries.get(2).path("after").path("user").asText()).isEqualTo("Bonnie");
        assertThat(entries.get(0).has("after")).isFalse();
        assertThat(entries.get(3).has("before")).isFalse();
        assertThat(entries.get(0).path("at").asText()).endsWith("Z");
        assertThat(answer.json().path("retentionDays").asInt()).isEqualTo(90);
        assertThat(answer.json().path("next").isNull()).isTrue();
    }

    @Test
    void limitAndBeforePageThroughTheHistory() {
        for (int hour = 8; hour < 13; hour++) {
            as(http, editor, "POST", "/api/bookings", booking(date, (hour < 10 ? "0" : "") + hour + ":00", "Jack", 1));
        }
        JsonNode first = as(http, editor, "GET", "/api/history?limit=2", null).json();
        assertThat(first.path("entries")).extracting(e -> e.path("after").path("time").asText()).containsExactly("12:00", "11:00");

        JsonNode second = as(http, editor, "GET", "/api/history?limit=2&before=" + first.path("next").asText(), null).json();
        assertThat(second.path("entries")).extracting(e -> e.path("after").path("time").asText()).containsExactly("10:00", "09:00");
        JsonNode last = as(http, editor, "GET", "/api/history?limit=2&before=" + second.path("next").asText(), null).json();
        assertThat(last.path("entries")).hasSize(1);
        assertThat(last.path("next").isNull()).isTrue();
    }

    @Test
    void badPagingIsAClearErrorAndViewersMayReadTheHistory() {
        for (String query : new String[]{"limit=0", "limit=501", "limit=ten", "before=yesterday"}) {
            TestHttp.Answer answer = as(http, editor, "GET", "/api/history?" + query, null);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.json().path("message").asText()).as(query).isNotBlank();
        }
        as(http, editor, "POST", "/api/bookings", booking(date, "10:00", "Jack", 1));
        String viewer = AccessFixtures.signedIn(http, VIEWERS);
        assertThat(as(http, viewer, "GET", "/api/history", null).json().path("entries")).hasSize(1);
        assertThat(as(http, null, "GET", "/api/history", null).status()).isEqualTo(401);
    }

    @Test
    void aMoveIntoATakenSlotIsAConflictAndChangesNothing() {
        as(http, editor, "POST", "/api/bookings", booking(date, "10:00", "Jack", 2));
        as(http, editor, "POST", "/api/bookings", booking(date, "14:00", "Bonnie", 1));

        TestHttp.Answer taken = as(http, editor, "PUT", "/api/bookings/move",
                "{\"date\":\"" + date + "\",\"time\":\"10:00\",\"toDate\":\"" + date + "\",\"toTime\":\"13:00\"}");
        TestHttp.Answer late = as(http, editor, "PUT", "/api/bookings/move",
                "{\"date\":\"" + date + "\",\"time\":\"10:00\",\"toDate\":\"" + date + "\",\"toTime\":\"17:00\"}");
        TestHttp.Answer nothing = as(http, editor, "PUT", "/api/bookings/move",
                "{\"date\":\"" + date + "\",\"time\":\"09:00\",\"toDate\":\"" + date + "\",\"toTime\":\"12:00\"}");

        assertThat(taken.status()).isEqualTo(409);
        assertThat(late.status()).isEqualTo(400);
        assertThat(nothing.status()).isEqualTo(404);
        assertThat(as(http, editor, "GET", "/api/history", null).json().path("entries")).hasSize(2);
    }
}
