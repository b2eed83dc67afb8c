package dev.cps.calendar.app.http;

import dev.cps.calendar.api.UserColor;
import dev.cps.calendar.api.BookableHours;
import dev.cps.calendar.api.CalendarUser;
import dev.cps.calendar.api.ChangeFeed;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.app.AppSettings;
import dev.cps.calendar.app.InstanceApp;
import dev.cps.calendar.app.TestHttp;
import dev.cps.calendar.app.TestHttp.Answer;
import dev.cps.calendar.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.cps.calendar.app.TestHttp.booking;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The app on a real Redis: the config the operator writes, outages, provisioning. */
class RedisAppTest {

    static final InstanceKeys KEYS = InstanceKeys.of("eclipse");
    static RedisServer redis;
    RedisClient admin;
    InstanceApp app;
    TestHttp http;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.startWithAppendOnly();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void cleanRedis() {
        admin = RedisClient.create(redis.host(), redis.port());
        admin.flushAll();
    }

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.close();
        }
        admin.close();
    }

    static InstanceConfig eclipse(String title) {
        return new InstanceConfig("eclipse", title, "xplan", InstanceConfig.displayTitle(title, "xplan"),
                List.of(new CalendarUser("Jack", "j", UserColor.NAMED.get("green").hex()), new CalendarUser("Bonnie", "b", null)),
                Map.of("user2", "#0a0b0c"), "Australia/Sydney", new BookableHours(9, 17),
                Instant.parse("2027-01-21T10:00:00Z"), Instant.parse("2027-01-21T10:00:00Z"));
    }

    /** What the operator does: write the config, then say so on the change feed. */
    void provision(InstanceConfig config) {
        String json = ContractJson.write(config);
        if (config.colors() != null && !config.colors().isEmpty()) {
            // as operators wrote it before each user carried a color: a colors map by position
            json = json.replaceFirst("\\{", "{\"colors\":" + ContractJson.write(config.colors()) + ",");
        }
        admin.set(KEYS.config(), json);
        admin.xadd(KEYS.changeFeed(), StreamEntryID.NEW_ENTRY, Map.of(ChangeFeed.TYPE, ChangeFeed.CONFIG_CHANGED, ChangeFeed.DATA, json));
    }

    void startApp() {
        app = InstanceApp.start(new AppSettings("eclipse", Optional.of(redis.url()), 0));
        http = new TestHttp(app.port());
    }

    @Test
    void theSeedsCurlSequenceWorksOnTheOperatorsConfig() {
        provision(eclipse("Eclipse Financial"));
        startApp();

        Answer config = http.get("/api/config");
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().path("displayTitle").asText()).isEqualTo("Eclipse Financial - xplan");
        assertThat(config.json().path("users").get(1).path("color").asText()).as("user2 from colors").isEqualTo("#0a0b0c");
        assertThat(config.json().path("timezone").asText()).isEqualTo("Australia/Sydney");

        assertThat(http.send("POST", "/api/bookings", booking("2027-01-21", "10:00", "Jack", 2)).status()).isEqualTo(201);
        assertThat(http.send("POST", "/api/bookings", booking("2027-01-21", "11:00", "Bonnie", 1)).status()).isEqualTo(409);
        assertThat(http.send("POST", "/api/bookings", booking("2027-01-21", "08:00", "Bonnie", 1)).status())
                .as("9-17 are this calendar's hours").isEqualTo(400);
        assertThat(http.get("/api/bookings").json().path("2027-01-21").path("10:00").path("user").asText()).isEqualTo("Jack");
        assertThat(http.send("PUT", "/api/bookings/update", booking("2027-01-21", "10:00", "Bonnie", 1)).status()).isEqualTo(200);
        assertThat(http.send("DELETE", "/api/bookings/update", "{\"date\":\"2027-01-21\",\"time\":\"10:00\"}").status()).isEqualTo(200);
        assertThat(http.get("/api/bookings").body()).isEqualTo("{}");
        assertThat(admin.exists(KEYS.bookingDay(java.time.LocalDate.of(2024, 1, 21)))).isFalse();
        assertThat(http.get("/api/health").json().path("redis").asText()).isEqualTo("up");
    }

    @Test
    void withoutAConfigItIsNotProvisionedUntilTheConfigAppearsWithoutARestart() {
        startApp();

        Answer before = http.get("/api/config");
        assertThat(before.status()).isEqualTo(503);
        assertThat(before.json().path("error").asText()).isEqualTo("not-provisioned");
        assertThat(before.json().path("message").asText()).isEqualTo("this calendar is not provisioned yet");
        assertThat(http.get("/api/bookings").status()).isEqualTo(503);
        assertThat(http.send("POST", "/api/bookings", booking("2027-01-21", "10:00", "Jack", 1)).status()).isEqualTo(503);
        assertThat(http.get("/api/health").status()).isEqualTo(503);
        assertThat(http.get("/api/health").json().path("status").asText()).isEqualTo("not-provisioned");

        provision(eclipse("Eclipse Financial"));

        await().atMost(Duration.ofSeconds(2)).until(() -> http.get("/api/config").status() == 200);
        assertThat(http.get("/api/health").status()).isEqualTo(200);
        assertThat(http.send("POST", "/api/bookings", booking("2027-01-21", "10:00", "Jack", 1)).status()).isEqualTo(201);
    }

    @Test
    void aConfigEditShowsWithoutARestart() {
        provision(eclipse("Eclipse Financial"));
        startApp();

        provision(eclipse("Eclipse Financial Solutions"));

        await().atMost(Duration.ofSeconds(2)).until(() ->
                http.get("/api/config").json().path("title").asText().equals("Eclipse Financial Solutions"));
    }

    @Test
    void aConfigWrittenWithoutNotificationIsPickedUpByThePeriodicReRead() {
        startApp();

        admin.set(KEYS.config(), ContractJson.write(eclipse("Quiet")));

        await().atMost(Duration.ofSeconds(8)).until(() -> http.get("/api/config").status() == 200);
    }

    @Test
    void whenRedisIsDownItAnswers503FastAndRecoversByItself() {
        provision(eclipse("Eclipse Financial"));
        startApp();
        http.send("POST", "/api/bookings", booking("2027-01-21", "10:00", "Jack", 2));

        redis.kill();
        try {
            // a read is served from memory until the change feed's connection notices, a moment later
            await().atMost(Duration.ofSeconds(1)).until(() -> http.get("/api/health").status() == 503);
            for (String path : new String[] {"/api/bookings", "/api/config", "/api/health"}) {
                long started = System.nanoTime();
                Answer answer = http.get(path);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as(path).isLessThan(Duration.ofSeconds(2));
                assertThat(answer.status()).as(path).isEqualTo(503);
            }
            long started = System.nanoTime();
            Answer write = http.send("POST", "/api/bookings", booking("2027-01-21", "14:00", "Bonnie", 1));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(write.status()).isEqualTo(503);
            assertThat(write.json().path("error").asText()).isEqualTo("redis-unavailable");
            assertThat(http.get("/api/health").json().path("redis").asText()).isEqualTo("down");
        } finally {
            redis.restart();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> http.get("/api/health").status() == 200);
        assertThat(http.get("/api/bookings").json().path("2027-01-21").path("10:00").path("user").asText()).isEqualTo("Jack");
        assertThat(http.send("POST", "/api/bookings", booking("2027-01-21", "14:00", "Bonnie", 1)).status()).isEqualTo(201);
    }

    @Test
    void anAppStartedWhileRedisIsDownComesUpWhenRedisDoes() {
        provision(eclipse("Eclipse Financial"));
        redis.kill();
        try {
            startApp();
            assertThat(http.get("/api/config").status()).isEqualTo(503);
            assertThat(http.get("/api/health").json().path("status").asText()).isEqualTo("redis-unavailable");
        } finally {
            redis.restart();
        }

        await().atMost(Duration.ofSeconds(8)).until(() -> http.get("/api/config").status() == 200);
    }

    @Test
    void twoAppsOnOneRedisShareTheirBookings() {
        provision(eclipse("Eclipse Financial"));
        startApp();
        try (InstanceApp second = InstanceApp.start(new AppSettings("eclipse", Optional.of(redis.url()), 0))) {
            TestHttp other = new TestHttp(second.port());

            assertThat(http.send("POST", "/api/bookings", booking("2027-01-22", "10:00", "Jack", 2)).status()).isEqualTo(201);
            assertThat(other.send("POST", "/api/bookings", booking("2027-01-22", "11:00", "Bonnie", 1)).status())
                    .as("the conflict check is in Redis, not in one process").isEqualTo(409);
            await().atMost(Duration.ofSeconds(2)).until(() -> other.get("/api/bookings/2027-01-22").json().has("10:00"));
        }
    }

    @Test
    void storedDataTheAppCannotReadIsAServerErrorWithTheJsonShapeNotTheClientsFault() {
        provision(eclipse("Eclipse Financial"));
        startApp();
        assertThat(http.send("POST", "/api/bookings", booking("2027-01-25", "10:00", "Jack", 1)).status()).isEqualTo(201);
        // written past the app (no feed entry): the view still shows the readable booking
        String unreadable = "{\"user\":\"Jack\",\"duration\":1,\"createdAt\":\"last tuesday\"}";
        admin.hset(KEYS.bookingDay(java.time.LocalDate.of(2027, 1, 25)), "10:00", unreadable);

        Answer move = http.send("PUT", "/api/bookings/move",
                "{\"date\":\"2027-01-25\",\"time\":\"10:00\",\"toDate\":\"2027-01-25\",\"toTime\":\"13:00\"}");

        assertThat(move.status()).as("%s", move.body()).isEqualTo(500);
        assertThat(move.json().path("error").asText()).isEqualTo("unreadable-data");
        assertThat(move.json().path("message").asText()).contains("storage").doesNotContain("last tuesday");
        assertThat(admin.hgetAll(KEYS.bookingDay(java.time.LocalDate.of(2027, 1, 25)))).containsExactly(Map.entry("10:00", unreadable));
    }
}
