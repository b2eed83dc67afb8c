package dev.cps.calendar.app.feed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cps.calendar.api.BookableHours;
import dev.cps.calendar.api.CalendarUser;
import dev.cps.calendar.api.ChangeFeed;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.api.UserColor;
import dev.cps.calendar.app.AppSettings;
import dev.cps.calendar.app.EventReader.Event;
import dev.cps.calendar.app.EventReader;
import dev.cps.calendar.app.InstanceApp;
import dev.cps.calendar.app.TestHttp;
import dev.cps.calendar.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.cps.calendar.app.TestHttp.booking;
import static org.assertj.core.api.Assertions.assertThat;

/** Server-Sent Events on /api/events, in demo mode and across two apps on one Redis. */
class LiveEventsTest {

    static final Duration SOON = Duration.ofSeconds(3);
    static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.startWithAppendOnly();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    static InstanceApp demo() {
        return InstanceApp.start(new AppSettings("demo", Optional.empty(), 0));
    }

    static JsonNode json(String data) throws IOException {
        return ContractJson.MAPPER.readTree(data);
    }

    @Test
    void aBookingArrivesAsAnEventWithAnIdAfterTheRetryHint() throws Exception {
        try (InstanceApp app = demo(); EventReader events = EventReader.open(new TestHttp(app.port()))) {
            TestHttp http = new TestHttp(app.port());
            assertThat(events.status()).isEqualTo(200);
            assertThat(events.contentType()).startsWith("text/event-stream");
            assertThat(events.next(SOON).retry()).isEqualTo("3000");

            http.send("POST", "/api/bookings", booking("2027-01-21", "10:00", "Jack", 2));
            http.send("PUT", "/api/bookings/update", booking("2027-01-21", "10:00", "Bonnie", 1));
            http.send("DELETE", "/api/bookings/update", "{\"date\":\"2027-01-21\",\"time\":\"10:00\"}");

            Event created = events.next(ChangeFeed.BOOKING_CREATED, SOON);
            assertThat(created.id()).matches("\\d+-\\d+");
            assertThat(json(created.data()).path("date").asText()).isEqualTo("2027-01-21");
            assertThat(json(created.data()).path("time").asText()).isEqualTo("10:00");
            assertThat(json(created.data()).path("booking").path("user").asText()).isEqualTo("Jack");
            assertThat(json(created.data()).path("booking").path("duration").asInt()).isEqualTo(2);
            assertThat(json(created.data()).path("booking").path("createdAt").asText()).isNotBlank();
            Event updated = events.next(ChangeFeed.BOOKING_UPDATED, SOON);
            assertThat(json(updated.data()).path("booking").path("user").asText()).isEqualTo("Bonnie");
            Event deleted = events.next(ChangeFeed.BOOKING_DELETED, SOON);
            assertThat(json(deleted.data()).size()).isEqualTo(2);
            assertThat(deleted.id()).isNotEqualTo(updated.id()).isNotEqualTo(created.id());
        }
    }

    @Test
    void aBrowserThatComesBackWithLastEventIdGetsWhatItMissed() throws Exception {
        try (InstanceApp app = demo()) {
            TestHttp http = new TestHttp(app.port());
            String seen;
            try (EventReader first = EventReader.open(http)) {
                http.send("POST", "/api/bookings", booking("2027-01-21", "10:00", "Jack", 1));
                seen = first.next(ChangeFeed.BOOKING_CREATED, SOON).id();
            }
            http.send("POST", "/api/bookings", booking("2027-01-21", "12:00", "Bonnie", 1));
            http.send("POST", "/api/bookings", booking("2027-01-21", "14:00", "Clyde", 1));

            try (EventReader back = EventReader.resume(http, seen)) {
                assertThat(back.next(SOON).retry()).isEqualTo("3000");
                assertThat(json(back.next(SOON).data()).path("time").asText()).isEqualTo("12:00");
                Event second = back.next(SOON);
                assertThat(json(second.data()).path("time").asText()).isEqualTo("14:00");

                http.send("POST", "/api/bookings", booking("2027-01-21", "16:00", "Jack", 1));
                Event live = back.next(SOON);
                assertThat(json(live.data()).path("time").asText()).as("then it goes on live, without repeats").isEqualTo("16:00");
            }
        }
    }

    @Test
    void anIdThatCannotBeReplayedGetsAResync() throws Exception {
        try (InstanceApp app = demo()) {
            TestHttp http = new TestHttp(app.port());
            try (EventReader garbage = EventReader.resume(http, "not-an-id");
                 EventReader future = EventReader.resume(http, (System.currentTimeMillis() + 3_600_000) + "-0")) {
                garbage.next(SOON);
                assertThat(garbage.next(SOON).event()).isEqualTo("resync");
                future.next(SOON);
                Event resync = future.next(SOON);
                assertThat(resync.event()).isEqualTo("resync");
                assertThat(resync.data()).isEqualTo("{}");
            }
        }
    }

    @Test
    void stoppingTheServerEndsEveryStream() throws Exception {
        InstanceApp app = demo();
        TestHttp http = new TestHttp(app.port());
        EventReader one = EventReader.open(http);
        EventReader two = EventReader.open(http);
        one.next(SOON);
        two.next(SOON);

        long started = System.nanoTime();
        app.close();

        assertThat(one.endsWithin(Duration.ofSeconds(5))).isTrue();
        assertThat(two.endsWithin(Duration.ofSeconds(5))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void aBrowserThatWentAwayIsDroppedOnTheNextWrite() throws Exception {
        try (InstanceApp app = demo()) {
            TestHttp http = new TestHttp(app.port());
            EventReader gone = EventReader.open(http);
            try (EventReader staying = EventReader.open(http)) {
                gone.next(SOON);
                staying.next(SOON);
                gone.close();

                TestHttp metrics = new TestHttp(app.metricsPort());
                for (int i = 0; i < 5 && metric(metrics) > 1; i++) {
                    http.send("POST", "/api/bookings", booking("2027-01-2" + (i + 1), "10:00", "Jack", 1));
                    Thread.sleep(100);
                }

                assertThat(metric(metrics)).isEqualTo(1.0);
                assertThat(staying.next(ChangeFeed.BOOKING_CREATED, SOON)).isNotNull();
            }
        }
    }

    private static double metric(TestHttp metricsPort) {
        String line = metricsPort.get("/metrics").body().lines().filter(l -> l.startsWith("calendar_live_streams")).findFirst().orElseThrow();
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    @Test
    void twoAppsOnOneRedisDeliverEachOthersChangesAndTheConfig() throws Exception {
        InstanceKeys keys = InstanceKeys.of("shared");
        try (RedisClient admin = RedisClient.create(redis.host(), redis.port())) {
            admin.flushAll();
            InstanceConfig config = new InstanceConfig("shared", "Shared", null, null,
                    List.of(new CalendarUser("Jack", "j", null), new CalendarUser("Bonnie", "b", null)),
                    Map.of(), null, new BookableHours(8, 18), Instant.EPOCH, Instant.EPOCH);
            admin.set(keys.config(), ContractJson.write(config));

            try (InstanceApp a = InstanceApp.start(new AppSettings("shared", Optional.of(redis.url()), 0));
                 InstanceApp b = InstanceApp.start(new AppSettings("shared", Optional.of(redis.url()), 0));
                 EventReader onA = EventReader.open(new TestHttp(a.port()));
                 EventReader onB = EventReader.open(new TestHttp(b.port()))) {
                new TestHttp(a.port()).send("POST", "/api/bookings", booking("2027-01-21", "10:00", "Jack", 1));
                Event fromA = onB.next(ChangeFeed.BOOKING_CREATED, SOON);
                Event ownOnA = onA.next(ChangeFeed.BOOKING_CREATED, SOON);
                new TestHttp(b.port()).send("POST", "/api/bookings", booking("2027-01-21", "12:00", "Bonnie", 1));
                Event fromB = onA.next(ChangeFeed.BOOKING_CREATED, SOON);

                assertThat(json(fromA.data()).path("booking").path("user").asText()).isEqualTo("Jack");
                assertThat(json(fromB.data()).path("booking").path("user").asText()).isEqualTo("Bonnie");
                assertThat(fromB.id()).isEqualTo(admin.xrevrange(keys.changeFeed(), "+", "-", 1).get(0).getID().toString());
                assertThat(ownOnA.id()).as("both apps send the same id for the same change").isEqualTo(fromA.id());

                String edited = ContractJson.write(new InstanceConfig("shared", "Shared and edited", null, null,
                        config.users(), Map.of(), null, null, Instant.EPOCH, Instant.EPOCH));
                admin.set(keys.config(), edited);
                admin.xadd(keys.changeFeed(), StreamEntryID.NEW_ENTRY, Map.of(ChangeFeed.TYPE, ChangeFeed.CONFIG_CHANGED, ChangeFeed.DATA, edited));
                Event configChanged = onB.next(ChangeFeed.CONFIG_CHANGED, SOON);
                assertThat(json(configChanged.data()).path("title").asText()).isEqualTo("Shared and edited");
                assertThat(json(configChanged.data()).path("users").get(1).path("color").asText()).isEqualTo(UserColor.NAMED.get("red").hex());

                try (EventReader resumed = EventReader.resume(new TestHttp(b.port()), fromA.id())) {
                    resumed.next(SOON);
                    assertThat(resumed.next(SOON).id()).as("replayed from the Redis stream").isEqualTo(fromB.id());
                    assertThat(resumed.next(SOON).event()).isEqualTo(ChangeFeed.CONFIG_CHANGED);
                }
            }
        }
    }

    @Test
    void whenRedisGoesAwayStreamsHearUnavailableAndThenResync() throws Exception {
        InstanceKeys keys = InstanceKeys.of("outage");
        try (RedisClient admin = RedisClient.create(redis.host(), redis.port())) {
            admin.set(keys.config(), ContractJson.write(new InstanceConfig("outage", "Outage", null, null,
                    List.of(new CalendarUser("Jack", "j", null)), null, null, null, null, null)));
        }
        try (InstanceApp app = InstanceApp.start(new AppSettings("outage", Optional.of(redis.url()), 0));
             EventReader events = EventReader.open(new TestHttp(app.port()))) {
            events.next(SOON);
            redis.kill();
            try {
                Event unavailable = events.next("unavailable", SOON);
                assertThat(json(unavailable.data()).path("message").asText()).isNotBlank();
            } finally {
                redis.restart();
            }
            assertThat(events.next("resync", Duration.ofSeconds(5)).data()).isEqualTo("{}");
        }
    }

    /**
     * Why the streams are not Javalin's {@code SseClient}, which writes blocking on the sender's thread: a
     * browser that stops reading must not hold up the thread that broadcasts each change to everyone.
     */
    @Test
    void aBrowserThatStopsReadingOverTheWireHoldsUpNoOneAndIsDropped() throws Exception {
        InstanceKeys keys = InstanceKeys.of("stalled");
        try (RedisClient admin = RedisClient.create(redis.host(), redis.port())) {
            admin.set(keys.config(), ContractJson.write(new InstanceConfig("stalled", "Stalled", null, null,
                    List.of(new CalendarUser("Jack", "j", null)), null, null, null, null, null)));
            try (InstanceApp app = InstanceApp.start(new AppSettings("stalled", Optional.of(redis.url()), 0));
                 EventReader reading = EventReader.open(new TestHttp(app.port()));
                 java.net.Socket stalled = new java.net.Socket()) {
                stalled.setReceiveBufferSize(4096);
                stalled.connect(new java.net.InetSocketAddress("127.0.0.1", app.port()));
                stalled.getOutputStream().write(("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Accept: text/event-stream\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                reading.next(SOON);
                TestHttp metrics = new TestHttp(app.metricsPort());
                org.awaitility.Awaitility.await().atMost(SOON).until(() -> metric(metrics) == 2.0);

                // far more than the stalled browser's queue and every socket buffer on the way take
                String big = "\"" + "x".repeat(64 * 1024) + "\"";
                String last = null;
                for (int i = 0; i < 160; i++) {
                    last = admin.xadd(keys.changeFeed(), StreamEntryID.NEW_ENTRY, Map.of(ChangeFeed.TYPE, "note", ChangeFeed.DATA, big))
                            .toString();
                }

                String lastId = last;
                Event seen;
                do {
                    seen = reading.next("note", Duration.ofSeconds(10));
                } while (!seen.id().equals(lastId));
                assertThat(seen.data()).isEqualTo(big);
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> metric(metrics) == 1.0);
            }
        }
    }
}
