package dev.cps.calendar.reliability;

import dev.cps.calendar.api.ChangeFeed;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.app.AppSettings;
import dev.cps.calendar.app.InstanceApp;
import dev.cps.calendar.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What others may leave in Redis: unreadable bookings and day-index entries, configs the app
 * cannot serve, a Redis at its memory limit. The calendar keeps serving what it can and says
 * what is wrong, once.
 */
@ReliabilitySuite(order = 8, name = "Bad stored data",
        tried = "(1) a booking value that is not JSON, one without `createdAt`, a day-index entry that is not a date, "
                + "beside good bookings, read at start and again after a resync; (2) configs naming another slug, an "
                + "unknown time zone, no users; (3) Redis at `maxmemory` with `noeviction`",
        expected = "(1) everything else served, health ok, each bad entry counted once in "
                + "`calendar_storage_skipped_entries`; (2) each refused: the last good config is served, health and the "
                + "log say why; (3) writes 507 `storage-full`, reads 200, health `storage-full`; all well again once "
                + "there is room",
        unit = "cases")
class BadDataTest {

    private static final String SLUG = "bad-data";
    private static final InstanceKeys KEYS = InstanceKeys.of(SLUG);

    private RedisServer redis;
    private Jedis admin;
    private InstanceApp app;
    private ApiClient api;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        admin = new Jedis(URI.create(redis.url()));
        Calendars.seed(redis.url(), Calendars.jackBonnieAndClyde(SLUG));
    }

    private void startApp() {
        app = InstanceApp.start(new AppSettings(SLUG, Optional.of(redis.url()), 0));
        api = new ApiClient(app.port(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        admin.close();
        redis.close();
    }

    @Test
    void unreadableEntriesAreSkippedAndCountedOnce(TestReporter reporter) {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(3);
        admin.hset(KEYS.bookingDay(day), Map.of(
                "09:00", "{\"user\":\"Jack\",\"duration\":1,\"createdAt\":\"2026-01-01T00:00:00Z\"}",
                "11:00", "not json at all",
                "14:00", "{\"user\":\"Bonnie\",\"duration\":1}"));
        admin.zadd(KEYS.bookingDays(), day.toEpochDay(), day.toString());
        admin.zadd(KEYS.bookingDays(), 0, "not-a-date");
        startApp();

        assertThat(api.get("/api/health").status()).isEqualTo(200);
        var bookings = api.bookings();
        assertThat(bookings.path(day.toString()).path("09:00").path("user").asText()).isEqualTo("Jack");
        assertThat(bookings.path(day.toString()).size()).isEqualTo(1);
        assertThat(skipped()).isEqualTo(3);
        // the unreadable value still holds its hour; the rest of the day is bookable
        assertThat(api.post("/api/bookings", ApiClient.booking(day.toString(), "11:00", "Clyde", 1)).status()).isEqualTo(409);
        assertThat(api.post("/api/bookings", ApiClient.booking(day.toString(), "16:00", "Clyde", 1)).status()).isEqualTo(201);

        // a restart of Redis' feed (the app reloads everything) reads them again: still counted once
        admin.clientKill(ClientKillParams.clientKillParams().type(ClientType.NORMAL).skipMe(ClientKillParams.SkipMe.YES));
        await().atMost(Duration.ofSeconds(5)).until(() -> api.get("/api/health").status() == 200);
        assertThat(api.bookings().path(day.toString()).path("16:00").path("user").asText()).isEqualTo("Clyde");
        assertThat(skipped()).isEqualTo(3);
        reporter.publishEntry(ReliabilityReport.CASES, "3");
    }

    @Test
    void aConfigTheAppCannotServeIsRefusedAndTheLastGoodOneKept(TestReporter reporter) {
        startApp();
        InstanceConfig good = Calendars.jackBonnieAndClyde(SLUG);
        List<InstanceConfig> bad = List.of(
                withSlugZoneUsers(good, "someone-else", good.timezone(), good.users()),
                withSlugZoneUsers(good, SLUG, "Mars/Olympus_Mons", good.users()),
                withSlugZoneUsers(good, SLUG, good.timezone(), List.of()));
        String served = good.title();
        for (int i = 0; i < bad.size(); i++) {
            write(bad.get(i), "Pwned");
            await().atMost(Duration.ofSeconds(8)).until(() -> api.get("/api/health").json().has("config"));
            assertThat(api.get("/api/health").status()).isEqualTo(200);
            assertThat(api.get("/api/config").json().path("title").asText()).isEqualTo(served);
            // back to a good one: taken, and health no longer complains
            served = good.title() + " " + (i + 2);
            write(good, served);
            await().atMost(Duration.ofSeconds(8)).until(() -> !api.get("/api/health").json().has("config"));
            assertThat(api.get("/api/config").json().path("title").asText()).isEqualTo(served);
        }
        reporter.publishEntry(ReliabilityReport.CASES, "3");
    }

    @Test
    void aFullRedisRefusesWritesButKeepsServingReads(TestReporter reporter) {
        startApp();
        String date = LocalDate.now(ZoneOffset.UTC).plusDays(2).toString();
        assertThat(api.post("/api/bookings", ApiClient.booking(date, "09:00", "Jack", 1)).status()).isEqualTo(201);
        long used = Long.parseLong(admin.info("memory").lines().filter(l -> l.startsWith("used_memory:"))
                .findFirst().orElseThrow().split(":")[1].trim());
        admin.configSet("maxmemory-policy", "noeviction");
        admin.configSet("maxmemory", String.valueOf(used / 2));
        try {
            ApiClient.Answer refused = api.post("/api/bookings", ApiClient.booking(date, "10:00", "Bonnie", 1));
            assertThat(refused.status()).as("%s", refused).isEqualTo(507);
            assertThat(refused.json().path("error").asText()).isEqualTo("storage-full");
            assertThat(api.get("/api/bookings/" + date).status()).isEqualTo(200);
            var health = api.get("/api/health");
            assertThat(health.json().path("status").asText()).isEqualTo("storage-full");
            assertThat(health.json().path("redis").asText()).isEqualTo("full");
        } finally {
            admin.configSet("maxmemory", "0");
        }
        assertThat(api.post("/api/bookings", ApiClient.booking(date, "10:00", "Bonnie", 1)).status()).isEqualTo(201);
        assertThat(api.get("/api/health").json().path("status").asText()).isEqualTo("ok");
        reporter.publishEntry(ReliabilityReport.CASES, "1");
    }

    private long skipped() {
        return (long) Double.parseDouble(new ApiClient(app.metricsPort()).get("/metrics").body().lines()
                .filter(line -> line.startsWith("calendar_storage_skipped_entries"))
                .findFirst().orElseThrow().replaceFirst(".* ", ""));
    }

    private void write(InstanceConfig config, String title) {
        InstanceConfig titled = new InstanceConfig(config.slug(), title, config.subtitle(),
                InstanceConfig.displayTitle(title, config.subtitle()), config.users(), config.colors(), config.timezone(),
                config.hours(), config.createdAt(), config.updatedAt());
        String json = ContractJson.write(titled);
        admin.set(KEYS.config(), json);
        admin.xadd(KEYS.changeFeed(), StreamEntryID.NEW_ENTRY, Map.of(ChangeFeed.TYPE, ChangeFeed.CONFIG_CHANGED, ChangeFeed.DATA, json));
    }

    private static InstanceConfig withSlugZoneUsers(InstanceConfig c, String slug, String zone,
                                                    List<dev.cps.calendar.api.CalendarUser> users) {
        return new InstanceConfig(slug, c.title(), c.subtitle(), c.displayTitle(), users, c.colors(), zone, c.hours(),
                c.createdAt(), c.updatedAt());
    }
}
