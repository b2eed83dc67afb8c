package dev.cps.calendar.app.pool;

import dev.cps.calendar.api.InstanceAccess;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.api.ViewerAccess;
import dev.cps.calendar.app.EventReader;
import dev.cps.calendar.app.TestHttp;
import dev.cps.calendar.app.TestHttp.Answer;
import dev.cps.calendar.app.access.AccessFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.cps.calendar.app.TestHttp.booking;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One pool process serving two calendars by Host, on a real Redis: Eclipse at eclipse.example.test
 * and Harbour at harbour.example.test, each with its own passcode, bookings and live events.
 */
class PoolAppTest {

    static final String ECLIPSE_HOST = "eclipse.example.test";
    static final String HARBOUR_HOST = "harbour.example.test";
    static final String ECLIPSE_PASSCODE = "eclipse-editors-1111";
    static final String HARBOUR_PASSCODE = "harbour-editors-2222";
    static final String JACK_AT_TEN = booking("2030-01-21", "10:00", "Jack", 2);

    @RegisterExtension
    static final PoolFixture fixture = new PoolFixture();

    void twoMembers() {
        fixture.join("eclipse", ECLIPSE_HOST, AccessFixtures.passcode(ECLIPSE_PASSCODE, ViewerAccess.None, null, AccessFixtures.newSessionKey()));
        fixture.join("harbour", HARBOUR_HOST, AccessFixtures.passcode(HARBOUR_PASSCODE, ViewerAccess.None, null, AccessFixtures.newSessionKey()));
    }

    @Test
    void eachHostIsItsOwnCalendarWithItsOwnConfigBookingsAndPasscode() {
        twoMembers();
        PoolApp pool = fixture.start();
        TestHttp eclipse = PoolFixture.at(pool, ECLIPSE_HOST);
        TestHttp harbour = PoolFixture.at(pool, HARBOUR_HOST);

        String eclipseSession = AccessFixtures.signedIn(eclipse, ECLIPSE_PASSCODE);
        assertThat(harbour.send("POST", "/api/session", "{\"passcode\":\"" + ECLIPSE_PASSCODE + "\"}").status())
                .as("one calendar's passcode does not open the other").isEqualTo(401);
        String harbourSession = AccessFixtures.signedIn(harbour, HARBOUR_PASSCODE);

        assertThat(AccessFixtures.as(eclipse, eclipseSession, "GET", "/api/config", null).json().path("title").asText())
                .isEqualTo("Team eclipse");
        assertThat(AccessFixtures.as(harbour, harbourSession, "GET", "/api/config", null).json().path("title").asText())
                .isEqualTo("Team harbour");
        assertThat(AccessFixtures.as(harbour, eclipseSession, "GET", "/api/bookings", null).status())
                .as("Eclipse's session cookie, sent to Harbour's host").isEqualTo(401);

        assertThat(AccessFixtures.as(eclipse, eclipseSession, "POST", "/api/bookings", JACK_AT_TEN).status()).isEqualTo(201);
        assertThat(AccessFixtures.as(eclipse, eclipseSession, "GET", "/api/bookings", null).body()).contains("\"10:00\"");
        assertThat(AccessFixtures.as(harbour, harbourSession, "GET", "/api/bookings", null).body())
                .as("Harbour has none of Eclipse's bookings").doesNotContain("10:00");
        assertThat(AccessFixtures.as(harbour, harbourSession, "POST", "/api/bookings", JACK_AT_TEN).status())
                .as("the same hours are free in the other calendar").isEqualTo(201);
        assertThat(fixture.admin().keys(InstanceKeys.of("eclipse").allKeysGlob())).isNotEmpty();
        assertThat(fixture.admin().keys(InstanceKeys.of("harbour").allKeysGlob())).isNotEmpty();
    }

    @Test
    void eventsGoToTheStreamsOfTheirOwnCalendarOnly() throws Exception {
        fixture.join("eclipse", ECLIPSE_HOST, InstanceAccess.PUBLIC);
        fixture.join("harbour", HARBOUR_HOST, InstanceAccess.PUBLIC);
        PoolApp pool = fixture.start();
        TestHttp eclipse = PoolFixture.at(pool, ECLIPSE_HOST);
        TestHttp harbour = PoolFixture.at(pool, HARBOUR_HOST);

        try (EventReader eclipseEvents = EventReader.open(eclipse); EventReader harbourEvents = EventReader.open(harbour)) {
            assertThat(eclipseEvents.status()).isEqualTo(200);
            assertThat(harbour.send("POST", "/api/bookings", JACK_AT_TEN).status()).isEqualTo(201);
            assertThat(harbourEvents.next("booking-created", Duration.ofSeconds(5)).data()).contains("10:00");
            assertThat(eclipse.send("POST", "/api/bookings", booking("2030-01-22", "09:00", "Bonnie", 1)).status()).isEqualTo(201);
            EventReader.Event first = eclipseEvents.next("booking-created", Duration.ofSeconds(5));
            assertThat(first.data()).as("Eclipse's stream carries Eclipse's booking, not Harbour's").contains("2030-01-22");
        }
    }

    @Test
    void aHostThatIsNoMemberIs404AndThePoolsOwnHealthAnswersThere() {
        twoMembers();
        PoolApp pool = fixture.start();
        TestHttp stranger = PoolFixture.at(pool, "stranger.example.test");
        Answer page = stranger.get("/api/bookings");
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.json().path("error").asText()).isEqualTo("not-found");
        assertThat(page.json().path("message").asText()).contains("stranger.example.test");

        Answer probe = new TestHttp(pool.port(), "10.1.2.3:" + pool.port()).get("/api/health"); // the kubelet names the pod
        assertThat(probe.status()).isEqualTo(200);
        assertThat(probe.json().path("pool").asText()).isEqualTo("team.shared");
        assertThat(probe.json().path("members").asInt()).isEqualTo(2);
        assertThat(probe.json().path("redis").asText()).isEqualTo("up");
        assertThat(pool.loadedCalendars()).as("a probe loads no calendar").isZero();

        Answer eclipseHealth = PoolFixture.at(pool, ECLIPSE_HOST).get("/api/health");
        assertThat(eclipseHealth.status()).isEqualTo(200);
        assertThat(eclipseHealth.json().path("slug").asText()).as("a member's host: that calendar's health").isEqualTo("eclipse");
        assertThat(eclipseHealth.json().path("placement").asText()).isEqualTo("Shared");
        assertThat(eclipseHealth.json().path("pool").asText()).isEqualTo(PoolFixture.POOL.id());
        assertThat(fixture.admin().keys("*")).as("a stranger's requests wrote nothing")
                .allMatch(key -> key.startsWith("instance:{eclipse}") || key.startsWith("instance:{harbour}") || key.startsWith("pool:"));
    }

    @Test
    void aCalendarThatLeavesIsNoLongerServedWithinSecondsAndItsStreamsEnd() throws Exception {
        fixture.join("eclipse", ECLIPSE_HOST, InstanceAccess.PUBLIC);
        fixture.join("harbour", HARBOUR_HOST, InstanceAccess.PUBLIC);
        PoolApp pool = fixture.start();
        TestHttp eclipse = PoolFixture.at(pool, ECLIPSE_HOST);
        assertThat(eclipse.get("/api/bookings").status()).isEqualTo(200);
        try (EventReader events = EventReader.open(eclipse)) {
            assertThat(events.status()).isEqualTo(200);

            fixture.leave(ECLIPSE_HOST);

            await().atMost(Duration.ofSeconds(5)).until(() -> eclipse.get("/api/bookings").status() == 404);
            assertThat(events.endsWithin(Duration.ofSeconds(5))).as("its open stream is ended").isTrue();
            assertThat(pool.isLoaded("eclipse")).isFalse();
        }
        assertThat(PoolFixture.at(pool, HARBOUR_HOST).get("/api/bookings").status()).as("the other stays").isEqualTo(200);

        fixture.admin().hset(PoolFixture.POOL.members(), "eclipse.example.test", "eclipse");
        await().atMost(Duration.ofSeconds(5)).until(() -> eclipse.get("/api/bookings").status() == 200);
    }

    @Test
    void anIdleCalendarIsUnloadedAndComesBackWithEverythingOnItsNextRequest() throws Exception {
        fixture.join("eclipse", ECLIPSE_HOST, InstanceAccess.PUBLIC);
        fixture.join("harbour", HARBOUR_HOST, InstanceAccess.PUBLIC);
        PoolApp pool = fixture.start(fixture.settings().withIdleUnload(Duration.ofSeconds(1)));
        TestHttp eclipse = PoolFixture.at(pool, ECLIPSE_HOST);
        TestHttp harbour = PoolFixture.at(pool, HARBOUR_HOST);
        assertThat(eclipse.send("POST", "/api/bookings", JACK_AT_TEN).status()).isEqualTo(201);

        try (EventReader harbourEvents = EventReader.open(harbour)) {
            assertThat(harbourEvents.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> !pool.isLoaded("eclipse"));
            Thread.sleep(1500); // over the idle time again: an open stream keeps its calendar loaded
            assertThat(pool.isLoaded("harbour")).as("a calendar with an open stream stays loaded").isTrue();
        }
        long threadsOfEclipse = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("change-feed-eclipse")).count();
        assertThat(threadsOfEclipse).as("the unloaded calendar's feed reader has ended").isZero();

        Answer again = eclipse.get("/api/bookings");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).as("loaded again, with its booking").contains("\"10:00\"");
        assertThat(pool.isLoaded("eclipse")).isTrue();
    }

    @Test
    void aCalendarFloodedWithStreamsAndRequestsDoesNotStarveTheOther() throws Exception {
        fixture.join("eclipse", ECLIPSE_HOST, InstanceAccess.PUBLIC);
        fixture.join("harbour", HARBOUR_HOST, InstanceAccess.PUBLIC);
        PoolApp pool = fixture.start(fixture.settings().withPerCalendar(2, 3));
        TestHttp eclipse = PoolFixture.at(pool, ECLIPSE_HOST);
        TestHttp harbour = PoolFixture.at(pool, HARBOUR_HOST);

        List<EventReader> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                streams.add(EventReader.open(eclipse));
                assertThat(streams.get(i).status()).isEqualTo(200);
            }
            Answer fourth = eclipse.send(eclipse.newRequest("/api/events").header("Accept", "text/event-stream").GET());
            assertThat(fourth.status()).as("Eclipse's fourth stream").isEqualTo(503);
            assertThat(fourth.header("Retry-After")).isEqualTo("1");
            assertThat(fourth.json().path("error").asText()).isEqualTo("busy");
            try (EventReader harbourEvents = EventReader.open(harbour)) {
                assertThat(harbourEvents.status()).as("Harbour's streams have their own allowance").isEqualTo(200);
            }

            // 24 clients at once on Eclipse, whose cap is 2 requests in progress: some are turned away, Harbour answers throughout
            HttpClient client = eclipse.client();
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
            for (int i = 0; i < 240; i++) {
                flood.add(client.sendAsync(eclipse.newRequest("/api/bookings").GET().build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < 20; i++) {
                assertThat(harbour.get("/api/bookings").status()).as("Harbour during Eclipse's flood").isEqualTo(200);
            }
            List<Integer> statuses = flood.stream().map(f -> f.join().statusCode()).toList();
            assertThat(statuses).as("Eclipse answers or says it is busy").allMatch(s -> s == 200 || s == 503);
            assertThat(statuses).as("Eclipse turned some away").contains(503);
        } finally {
            streams.forEach(EventReader::close);
        }
    }

    @Test
    void metricsHaveEachCalendarsSeriesAndThePoolsGauges() throws Exception {
        fixture.join("eclipse", ECLIPSE_HOST, InstanceAccess.PUBLIC);
        fixture.join("harbour", HARBOUR_HOST, InstanceAccess.PUBLIC);
        PoolApp pool = fixture.start();
        assertThat(PoolFixture.at(pool, ECLIPSE_HOST).send("POST", "/api/bookings", JACK_AT_TEN).status()).isEqualTo(201);
        assertThat(PoolFixture.at(pool, HARBOUR_HOST).get("/api/bookings").status()).isEqualTo(200);

        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + pool.metricsPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("calendar_pool_members{pool=\"team.shared\"} 2.0");
        assertThat(metrics).contains("calendar_pool_loaded_calendars{pool=\"team.shared\"} 2.0");
        assertThat(metrics).contains("calendar_booking_changes_total{change=\"created\",slug=\"eclipse\"} 1.0");
        assertThat(metrics).containsPattern("http_server_requests_seconds_count\\{method=\"GET\",route=\"/api/bookings\",slug=\"harbour\",status=\"200\"} 1");
        assertThat(metrics).contains("calendar_live_streams{slug=\"eclipse\"}").contains("calendar_live_streams{slug=\"harbour\"}");
        assertThat(metrics).contains("jvm_memory_used_bytes");
        assertThat(PoolFixture.at(pool, ECLIPSE_HOST).get("/metrics").status()).as("not on the public port").isEqualTo(404);
    }
}
