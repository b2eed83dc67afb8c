package dev.cps.calendar.operator.redis;

import dev.cps.calendar.api.UserColor;
import dev.cps.calendar.api.BookableHours;
import dev.cps.calendar.api.CalendarUser;
import dev.cps.calendar.api.ChangeFeed;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.operator.settings.OperatorSettings;
import dev.cps.calendar.testing.RedisWrites;
import dev.cps.calendar.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadParams;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operator's Redis work against a real redis-server: slug claims, ACL users, config seeding, removal. */
class InstanceRedisTest {

    private static RedisServer server;
    private static RedisAdmin redis;
    private static final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2024-01-21T10:00:00Z"));
    private static final Clock CLOCK = new Clock() {
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now.get();
        }
    };

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
        redis = RedisAdmin.connect(OperatorSettings.fromEnvironment(Map.of("REDIS_URL", server.url())));
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
        server.close();
    }

    private static Jedis admin() {
        return new Jedis(URI.create(server.url()));
    }

    @Test
    void oneResourcePerSlugAndOnlyTheSameNamespaceAdoptsRetainedData() {
        var claims = new SlugClaims(redis);
        var first = SlugClaim.of("team-a", "eclipse", "uid-1");

        assertThat(claims.claim("claimed", first)).isEqualTo(new SlugClaims.Result.Held(true, false));
        assertThat(claims.claim("claimed", first)).isEqualTo(new SlugClaims.Result.Held(false, false));
        assertThat(claims.claim("claimed", SlugClaim.of("team-b", "eclipse", "uid-2")))
                .isEqualTo(new SlugClaims.Result.Conflict(first));

        claims.retain("claimed", "uid-1");
        assertThat(claims.claim("claimed", SlugClaim.of("team-b", "eclipse", "uid-2")))
                .isInstanceOf(SlugClaims.Result.Conflict.class);
        assertThat(claims.claim("claimed", SlugClaim.of("team-a", "eclipse-2", "uid-3")))
                .isEqualTo(new SlugClaims.Result.Held(true, true));
        assertThat(claims.holder("claimed")).contains(SlugClaim.of("team-a", "eclipse-2", "uid-3"));

        claims.release("claimed", "uid-1"); // no longer the holder: nothing happens
        assertThat(claims.holder("claimed")).isPresent();
        claims.release("claimed", "uid-3");
        assertThat(claims.holder("claimed")).isEmpty();
    }

    @Test
    void theInstanceUserIsFencedToItsPrefixAndAnUnchangedUserIsNotRewritten() {
        var users = new InstanceRedisUsers(redis);
        String password = InstanceRedisUsers.newPassword();
        assertThat(password).matches("[0-9a-f]{32}");

        assertThat(users.ensure("fenced", password)).isTrue();
        try (Jedis admin = admin()) {
            RedisWrites before = RedisWrites.of(admin);
            assertThat(users.ensure("fenced", password)).isFalse();
            assertThat(RedisWrites.of(admin).writesSince(before)).isZero();
            admin.set(InstanceKeys.of("other").config(), "{}");
        }

        InstanceKeys own = InstanceKeys.of("fenced");
        try (Jedis app = new Jedis(URI.create("redis://calendar-fenced:" + password + "@" + server.host() + ":" + server.port()))) {
            // what the app does: config, per-day hashes, the day index, the change feed, scripts
            app.set(own.config(), "{}");
            app.hset(own.bookingDay(LocalDate.of(2024, 1, 22)), "10:00", "{}");
            app.zadd(own.bookingDays(), 19744, "2024-01-22");
            app.xadd(own.changeFeed(), XAddParams.xAddParams(), Map.of("type", "x", "data", "{}"));
            assertThat(app.xread(XReadParams.xReadParams().count(1).block(10), Map.of(own.changeFeed(), new StreamEntryID()))).isNotEmpty();
            assertThat(app.eval("return redis.call('HGET', KEYS[1], '10:00')", List.of(own.bookingDay(LocalDate.of(2024, 1, 22))), List.of()))
                    .isEqualTo("{}");
            app.publish(own.prefix() + "events", "hello");
            assertThat(app.ping()).isEqualTo("PONG");

            assertThatThrownBy(() -> app.get(InstanceKeys.of("other").config())).isInstanceOf(JedisAccessControlException.class);
            assertThatThrownBy(() -> app.eval("return redis.call('GET', KEYS[1])", List.of(InstanceKeys.of("other").config()), List.of()))
                    .hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> app.publish("instance:{other}:events", "x")).isInstanceOf(JedisAccessControlException.class);
            assertThatThrownBy(() -> app.keys("*")).isInstanceOf(JedisAccessControlException.class);
            assertThatThrownBy(() -> app.scan("0")).isInstanceOf(JedisAccessControlException.class);
            assertThatThrownBy(() -> app.configGet("*")).isInstanceOf(JedisAccessControlException.class);
            assertThatThrownBy(() -> app.flushDB()).isInstanceOf(JedisAccessControlException.class);
            assertThatThrownBy(() -> app.aclList()).isInstanceOf(JedisAccessControlException.class);
        }

        String rotated = InstanceRedisUsers.newPassword();
        assertThat(users.ensure("fenced", rotated)).isTrue();
        assertThatThrownBy(() -> new Jedis(URI.create("redis://calendar-fenced:" + password + "@" + server.host() + ":" + server.port())).ping())
                .hasMessageContaining("WRONGPASS");
    }

    @Test
    void withAnAclFileTheInstanceUsersSurviveARedisRestartAndRemovedOnesStayRemoved() {
        try (RedisServer withAclFile = RedisServer.startWithAclFile();
             RedisAdmin admin = RedisAdmin.connect(OperatorSettings.fromEnvironment(Map.of("REDIS_URL", withAclFile.url())))) {
            var users = new InstanceRedisUsers(admin);
            users.ensure("kept", InstanceRedisUsers.newPassword());
            users.ensure("dropped", InstanceRedisUsers.newPassword());
            users.remove("dropped");

            withAclFile.restart();

            // the pool's first connection after the restart is stale: a reconcile would fail once and retry
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(users.exists("kept")).isTrue());
            assertThat(users.exists("dropped")).isFalse();
        }
    }

    @Test
    void theConfigIsWrittenAndAnnouncedOnlyWhenItsContentChanges() {
        var seeder = new ConfigSeeder(redis, CLOCK);
        InstanceKeys keys = InstanceKeys.of("seeded");
        var config = new InstanceConfig("seeded", "Eclipse", null, "Eclipse",
                List.of(new CalendarUser("Jack", "j", UserColor.NAMED.get("green").hex()), new CalendarUser("Bonnie", "b", UserColor.NAMED.get("red").hex())),
                Map.of(), "UTC", BookableHours.DEFAULT, null, null);

        assertThat(seeder.seed(config)).isTrue();
        now.set(Instant.parse("2024-01-21T11:00:00Z"));
        assertThat(seeder.seed(config)).isFalse();

        var renamed = new InstanceConfig("seeded", "Eclipse Financial", null, "Eclipse Financial", config.users(),
                Map.of(), "UTC", BookableHours.DEFAULT, null, null);
        assertThat(seeder.seed(renamed)).isTrue();

        try (Jedis admin = admin()) {
            InstanceConfig stored = ContractJson.readConfig(admin.get(keys.config()));
            assertThat(stored.title()).isEqualTo("Eclipse Financial");
            assertThat(stored.createdAt()).isEqualTo(Instant.parse("2024-01-21T10:00:00Z"));
            assertThat(stored.updatedAt()).isEqualTo(Instant.parse("2024-01-21T11:00:00Z"));
            var feed = admin.xrange(keys.changeFeed(), (StreamEntryID) null, (StreamEntryID) null);
            assertThat(feed).hasSize(2).allSatisfy(entry -> assertThat(entry.getFields()).containsEntry(ChangeFeed.TYPE, ChangeFeed.CONFIG_CHANGED));
            assertThat(ContractJson.readConfig(feed.get(1).getFields().get(ChangeFeed.DATA))).isEqualTo(stored);
        }
    }

    @Test
    void removingAnInstanceTakesItsKeysUserAndClaimButNoOneElses() {
        var claims = new SlugClaims(redis);
        var users = new InstanceRedisUsers(redis);
        claims.claim("doomed", SlugClaim.of("ns", "doomed", "uid-d"));
        users.ensure("doomed", InstanceRedisUsers.newPassword());
        try (Jedis admin = admin()) {
            for (int day = 1; day <= 30; day++) {
                admin.hset(InstanceKeys.of("doomed").bookingDay(LocalDate.of(2024, 1, day)), "10:00", "{}");
            }
            admin.set(InstanceKeys.of("doomed-too").config(), "{}");
        }

        long removed = new InstanceDataRemover(redis, users, claims).remove("doomed", "uid-d");

        assertThat(removed).isEqualTo(30);
        assertThat(users.exists("doomed")).isFalse();
        assertThat(claims.holder("doomed")).isEmpty();
        try (Jedis admin = admin()) {
            assertThat(admin.keys(InstanceKeys.of("doomed").allKeysGlob())).isEmpty();
            assertThat(admin.exists(InstanceKeys.of("doomed-too").config())).isTrue();
        }
    }

    @Test
    void anUnreachableRedisIsReportedWithWhatWasBeingDone() {
        try (var nowhere = RedisAdmin.connect(OperatorSettings.fromEnvironment(Map.of("REDIS_URL", "redis://127.0.0.1:1")))) {
            assertThatThrownBy(() -> new SlugClaims(nowhere).claim("eclipse", SlugClaim.of("ns", "n", "u")))
                    .isInstanceOf(RedisUnavailableException.class)
                    .hasMessageContaining("127.0.0.1:1")
                    .hasMessageContaining("claiming slug eclipse");
        }
    }
}
