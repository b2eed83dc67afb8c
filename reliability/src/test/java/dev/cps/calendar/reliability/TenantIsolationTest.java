package dev.cps.calendar.reliability;

import dev.cps.calendar.operator.testing.Calendars;
import dev.cps.calendar.operator.testing.OperatorHarness;

import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.operator.dependentresource.RedisSecretDependentResource;
import dev.cps.calendar.testing.RedisServer;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.SafeEncoder;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two customers, alpha and bravo, provisioned by the operator on one Redis whose admin has a
 * password. With alpha's credentials (from the Secret the operator wrote for alpha), every read and
 * write of bravo's keys and channels, and every command that reaches beyond alpha's own prefix, is
 * refused by Redis itself; bravo's data is untouched afterwards.
 */
@ReliabilitySuite(order = 6, name = "Tenant isolation",
        tried = "with instance A's Redis credentials (read from the Secret the operator wrote): GET/SET/HGETALL/DEL/XADD/"
                + "XREAD/SUBSCRIBE/PUBLISH/EVAL and more on instance B's keys and channels; KEYS, SCAN, FLUSHALL, CONFIG, "
                + "ACL, CLIENT, MONITOR, SHUTDOWN; logging in as the admin",
        expected = "each refused by Redis (NOPERM, or the script form of it; WRONGPASS for the logins); A's own keys work; B's data unchanged",
        unit = "commands")
class TenantIsolationTest {

    private static final String ADMIN_PASSWORD = "admin-secret-for-tests";
    private static final InstanceKeys A = InstanceKeys.of("alpha");
    private static final InstanceKeys B = InstanceKeys.of("bravo");
    private static final String SCRIPT_REFUSED = "The user executing the script can't";
    private static final LocalDate DAY = LocalDate.of(2030, 7, 1);

    /** A command sent as A and the error Redis must answer with. */
    record Attempt(String name, String refusal, String... command) {

        static Attempt refused(String name, String... command) {
            return new Attempt(name, "NOPERM", command);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static RedisServer redis;
    private static OperatorHarness stack;
    private static String alphaUrl;
    private static Map<String, String> bravoBefore;

    @BeforeAll
    static void provisionAlphaAndBravo() {
        redis = RedisServer.startWithAdminPassword(ADMIN_PASSWORD);
        stack = OperatorHarness.on(redis);
        stack.startOperator();
        stack.instances().resource(Calendars.jackAndBonnie("customer-a", "alpha")).create();
        stack.instances().resource(Calendars.jackAndBonnie("customer-b", "bravo")).create();
        Secret secret = await().atMost(Duration.ofSeconds(30)).until(
                () -> stack.client().secrets().inNamespace("customer-a").withName("alpha-redis").get(), s -> s != null);
        alphaUrl = new String(Base64.getDecoder().decode(secret.getData().get(RedisSecretDependentResource.REDIS_URL)),
                StandardCharsets.UTF_8);
        try (Jedis admin = admin()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.exists(B.config()) && admin.exists(A.config()));
            admin.hset(B.bookingDay(DAY), "10:00", "{\"user\":\"Bonnie\",\"duration\":2}");
            admin.zadd(B.bookingDays(), DAY.toEpochDay(), DAY.toString());
            bravoBefore = snapshot(admin);
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        redis.close();
    }

    @Test
    void alphaWorksWithItsOwnKeys() {
        try (Jedis alpha = new Jedis(URI.create(alphaUrl))) {
            assertThat(alpha.get(A.config())).contains("\"slug\":\"alpha\"");
            alpha.hset(A.bookingDay(DAY), "10:00", "{\"user\":\"Jack\",\"duration\":1}");
            assertThat(alpha.hgetAll(A.bookingDay(DAY))).containsKey("10:00");
            alpha.xadd(A.changeFeed(), StreamEntryID.NEW_ENTRY, Map.of("type", "test", "data", "{}"));
            assertThat(alpha.publish(A.prefix() + "events", "hello")).isZero();
            assertThat(alpha.eval("return redis.call('GET', KEYS[1])", List.of(A.config()), List.of()).toString()).contains("alpha");
        }
    }

    static Stream<Attempt> attemptsOnBravo() {
        String config = B.config();
        String day = B.bookingDay(DAY);
        String days = B.bookingDays();
        String feed = B.changeFeed();
        String channel = B.prefix() + "events";
        return Stream.of(
                Attempt.refused("GET B's config", "GET", config),
                Attempt.refused("SET B's config", "SET", config, "{\"title\":\"pwned\"}"),
                Attempt.refused("APPEND to B's config", "APPEND", config, "x"),
                Attempt.refused("GETDEL B's config", "GETDEL", config),
                Attempt.refused("MGET A's and B's config", "MGET", A.config(), config),
                Attempt.refused("HGETALL B's bookings", "HGETALL", day),
                Attempt.refused("HSET into B's bookings", "HSET", day, "12:00", "{\"user\":\"Mallory\",\"duration\":1}"),
                Attempt.refused("HDEL B's booking", "HDEL", day, "10:00"),
                Attempt.refused("ZRANGE B's booking days", "ZRANGE", days, "0", "-1"),
                Attempt.refused("ZADD to B's booking days", "ZADD", days, "1", "2030-01-01"),
                Attempt.refused("DEL B's config", "DEL", config),
                Attempt.refused("UNLINK B's bookings", "UNLINK", day),
                Attempt.refused("EXISTS B's config", "EXISTS", config),
                Attempt.refused("EXPIRE B's config", "EXPIRE", config, "1"),
                Attempt.refused("XADD to B's change feed", "XADD", feed, "*", "type", "config-changed", "data", "{}"),
                Attempt.refused("XREAD B's change feed", "XREAD", "COUNT", "10", "STREAMS", feed, "0"),
                Attempt.refused("XRANGE B's change feed", "XRANGE", feed, "-", "+"),
                Attempt.refused("XTRIM B's change feed", "XTRIM", feed, "MAXLEN", "0"),
                Attempt.refused("XGROUP on B's change feed", "XGROUP", "CREATE", feed, "spy", "0"),
                Attempt.refused("SUBSCRIBE to B's channel", "SUBSCRIBE", channel),
                Attempt.refused("PSUBSCRIBE to every instance", "PSUBSCRIBE", "instance:*"),
                Attempt.refused("PUBLISH on B's channel", "PUBLISH", channel, "{\"type\":\"config-changed\"}"),
                Attempt.refused("EVAL on B's config as a key", "EVAL", "return redis.call('GET', KEYS[1])", "1", config),
                // inside a script Redis checks the ACL of every call; the refusal is worded for scripts
                new Attempt("EVAL reading B's config undeclared", SCRIPT_REFUSED, "EVAL",
                        "return redis.call('GET', '" + config + "')", "0"),
                new Attempt("EVAL writing B's bookings undeclared", SCRIPT_REFUSED, "EVAL",
                        "return redis.call('HSET', '" + day + "', '13:00', 'x')", "0"),
                new Attempt("EVAL running KEYS", SCRIPT_REFUSED, "EVAL", "return redis.call('KEYS', '*')", "0"),
                new Attempt("EVAL running FLUSHALL", SCRIPT_REFUSED, "EVAL", "return redis.call('FLUSHALL')", "0"),
                Attempt.refused("RENAME B's config", "RENAME", config, A.prefix() + "stolen"),
                Attempt.refused("COPY B's config to A", "COPY", config, A.prefix() + "stolen"),
                Attempt.refused("DUMP B's config", "DUMP", config),
                Attempt.refused("SORT B's booking days", "SORT", days, "ALPHA"),
                Attempt.refused("KEYS *", "KEYS", "*"),
                Attempt.refused("SCAN", "SCAN", "0", "MATCH", "instance:*"),
                Attempt.refused("RANDOMKEY", "RANDOMKEY"),
                Attempt.refused("FLUSHALL", "FLUSHALL"),
                Attempt.refused("FLUSHDB", "FLUSHDB"),
                Attempt.refused("CONFIG GET", "CONFIG", "GET", "requirepass"),
                Attempt.refused("CONFIG SET", "CONFIG", "SET", "appendonly", "no"),
                Attempt.refused("ACL LIST", "ACL", "LIST"),
                Attempt.refused("ACL SETUSER to widen A", "ACL", "SETUSER", "calendar-alpha", "~*", "+@all"),
                Attempt.refused("ACL GETUSER of B", "ACL", "GETUSER", "calendar-bravo"),
                Attempt.refused("ACL DELUSER of B", "ACL", "DELUSER", "calendar-bravo"),
                Attempt.refused("CLIENT LIST", "CLIENT", "LIST"),
                Attempt.refused("CLIENT KILL", "CLIENT", "KILL", "USER", "calendar-bravo"),
                Attempt.refused("MONITOR", "MONITOR"),
                Attempt.refused("SWAPDB", "SWAPDB", "0", "1"),
                Attempt.refused("SHUTDOWN", "SHUTDOWN", "NOSAVE"),
                new Attempt("AUTH as the admin with a guessed password", "WRONGPASS", "AUTH", "default", "password"),
                new Attempt("AUTH as B with A's password", "WRONGPASS", "AUTH", "calendar-bravo",
                        URI.create(alphaUrl()).getUserInfo().split(":", 2)[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attemptsOnBravo")
    void redisRefusesAlphaWhatIsNotAlphas(Attempt attempt) {
        try (Jedis alpha = new Jedis(URI.create(alphaUrl))) {
            String[] args = java.util.Arrays.copyOfRange(attempt.command(), 1, attempt.command().length);
            assertThatThrownBy(() -> alpha.sendCommand(command(attempt.command()[0]), args))
                    .as(String.join(" ", attempt.command()))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessageContaining(attempt.refusal());
        }
        try (Jedis admin = admin()) {
            assertThat(snapshot(admin)).as("B's data after " + attempt.name()).isEqualTo(bravoBefore);
        }
    }

    /** B's keys as the admin sees them: the config, the bookings, the booking days, the length of the feed. */
    private static Map<String, String> snapshot(Jedis admin) {
        return Map.of(
                "config", String.valueOf(admin.get(B.config())),
                "bookings", String.valueOf(new java.util.TreeMap<>(admin.hgetAll(B.bookingDay(DAY)))),
                "days", String.valueOf(admin.zrange(B.bookingDays(), 0, -1)),
                "feed", String.valueOf(admin.xlen(B.changeFeed())),
                "user", String.valueOf(admin.aclGetUser("calendar-bravo") != null));
    }

    private static String alphaUrl() {
        return alphaUrl;
    }

    private static Jedis admin() {
        return new Jedis(URI.create(redis.url()));
    }

    private static ProtocolCommand command(String name) {
        byte[] raw = SafeEncoder.encode(name);
        return () -> raw;
    }
}
