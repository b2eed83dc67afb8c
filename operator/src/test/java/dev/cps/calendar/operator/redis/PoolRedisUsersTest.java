package dev.cps.calendar.operator.redis;

import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.api.PoolKeys;
import dev.cps.calendar.operator.settings.OperatorSettings;
import dev.cps.calendar.testing.RedisServer;
import dev.cps.calendar.testing.RedisWrites;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A pool's Redis user on a real redis-server: it reads exactly its members' keys, and follows joins and leaves. */
class PoolRedisUsersTest {

    private static RedisServer server;
    private static RedisAdmin redis;

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

    @Test
    void aPoolReadsItsMembersKeysAndNeverACalendarOutsideIt() {
        PoolKeys pool = PoolKeys.of("bakeries", "shared");
        var users = new PoolRedisUsers(redis);
        String password = InstanceRedisUsers.newPassword();
        try (Jedis admin = admin()) {
            admin.set(InstanceKeys.of("corner").config(), "{\"slug\":\"corner\"}");
            admin.set(InstanceKeys.of("harbour").config(), "{\"slug\":\"harbour\"}");
            admin.set(InstanceKeys.of("outsider").config(), "{\"slug\":\"outsider\"}");
        }

        assertThat(users.join(pool, password, "corner", "corner.calendar.test")).isTrue();
        assertThat(users.join(pool, password, "harbour", "harbour.calendar.test")).isTrue();

        assertThat(users.members(pool)).isEqualTo(Map.of("corner.calendar.test", "corner", "harbour.calendar.test", "harbour"));
        try (Jedis admin = admin()) {
            var user = admin.aclGetUser(pool.username());
            assertThat(String.join(" ", user.getKeysList()).split(" ")).containsExactlyInAnyOrder(
                    pool.aclKeyPattern(), InstanceKeys.of("corner").aclKeyPattern(), InstanceKeys.of("harbour").aclKeyPattern());
            assertThat(String.join(" ", user.getChannelsList()).split(" ")).containsExactlyInAnyOrder(
                    InstanceKeys.of("corner").aclChannelPattern(), InstanceKeys.of("harbour").aclChannelPattern());
        }
        try (Jedis app = poolApp(pool, password)) {
            assertThat(app.hgetAll(pool.members())).hasSize(2);
            assertThat(app.get(InstanceKeys.of("corner").config())).contains("corner");
            assertThat(app.get(InstanceKeys.of("harbour").config())).contains("harbour");
            assertThatThrownBy(() -> app.get(InstanceKeys.of("outsider").config())).isInstanceOf(JedisAccessControlException.class);
            // even a member entry the pool wrote itself would not open another calendar's keys to it: the ACL fences them
            assertThatThrownBy(() -> app.publish(InstanceKeys.of("outsider").prefix() + "events", "x"))
                    .isInstanceOf(JedisAccessControlException.class);
            assertThatThrownBy(() -> app.keys("*")).isInstanceOf(JedisAccessControlException.class);
        }

        assertThat(users.leave(pool, "harbour")).isTrue();
        assertThat(users.members(pool)).isEqualTo(Map.of("corner.calendar.test", "corner"));
        try (Jedis app = poolApp(pool, password)) {
            assertThat(app.get(InstanceKeys.of("corner").config())).contains("corner");
            assertThatThrownBy(() -> app.get(InstanceKeys.of("harbour").config()))
                    .as("a calendar that left the pool is out of its reach at once").isInstanceOf(JedisAccessControlException.class);
        }
        assertThat(users.leave(pool, "harbour")).as("leaving twice writes nothing").isFalse();

        assertThat(users.leave(pool, "corner")).isTrue();
        try (Jedis admin = admin()) {
            assertThat(admin.aclGetUser(pool.username())).as("the last leave removes the pool's user").isNull();
            assertThat(admin.exists(pool.members())).isFalse();
            assertThat(admin.get(InstanceKeys.of("corner").config())).as("a member's data stays where it is").contains("corner");
        }
    }

    @Test
    void anUnchangedMemberCostsReadsOnlyAndAMovedHostIsReplaced() {
        PoolKeys pool = PoolKeys.of("steady", "shared");
        var users = new PoolRedisUsers(redis);
        String password = InstanceRedisUsers.newPassword();
        assertThat(users.join(pool, password, "steady", "steady.calendar.test")).isTrue();
        try (Jedis admin = admin()) {
            RedisWrites before = RedisWrites.of(admin);
            assertThat(users.join(pool, password, "steady", "steady.calendar.test")).isFalse();
            assertThat(RedisWrites.of(admin).writesSince(before)).isZero();
        }
        assertThat(users.join(pool, password, "steady", "booking.steady.example")).isTrue();
        assertThat(users.members(pool)).isEqualTo(Map.of("booking.steady.example", "steady"));

        assertThatThrownBy(() -> users.join(pool, password, "intruder", "booking.steady.example"))
                .isInstanceOf(PoolRedisUsers.HostTaken.class).hasMessageContaining("served by calendar steady");
        assertThat(users.members(pool)).isEqualTo(Map.of("booking.steady.example", "steady"));
    }

    @Test
    void membersJoiningAtOnceAllKeepTheirPatterns() {
        PoolKeys pool = PoolKeys.of("busy", "shared");
        var users = new PoolRedisUsers(redis);
        String password = InstanceRedisUsers.newPassword();
        List<CompletableFuture<Boolean>> joins = IntStream.range(0, 12).mapToObj(i -> CompletableFuture.supplyAsync(
                () -> users.join(pool, password, "member-" + i, "member-" + i + ".calendar.test"))).toList();
        joins.forEach(CompletableFuture::join);
        try (Jedis admin = admin()) {
            String keys = String.join(" ", admin.aclGetUser(pool.username()).getKeysList());
            IntStream.range(0, 12).forEach(i -> assertThat(keys).contains(InstanceKeys.of("member-" + i).aclKeyPattern()));
        }
        assertThat(users.members(pool)).hasSize(12);
    }

    private static Jedis admin() {
        return new Jedis(URI.create(server.url()));
    }

    private static Jedis poolApp(PoolKeys pool, String password) {
        return new Jedis(URI.create("redis://" + pool.username() + ":" + password + "@" + server.host() + ":" + server.port()));
    }
}
