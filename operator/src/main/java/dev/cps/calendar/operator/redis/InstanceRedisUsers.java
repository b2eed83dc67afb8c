package dev.cps.calendar.operator.redis;

import dev.cps.calendar.api.InstanceKeys;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * Each instance's own Redis ACL user, {@code calendar-<slug>}: it may touch only the keys and
 * channels under {@code instance:{<slug>}:}, and run only what the app needs (strings, hashes,
 * sorted sets, streams with blocking reads, transactions, scripts, pub/sub, connection commands, and
 * reading a cluster's slot map);
 * nothing admin or dangerous ({@code KEYS}, {@code SCAN}, {@code FLUSH*}, {@code CONFIG}, {@code CLIENT KILL} ...).
 *
 * <p>The rules and the compare-before-write are {@link FencedAclUsers}'. On a Redis Cluster, which
 * does not replicate ACL users, every primary and replica gets the user ({@link RedisAdmin#callOnEveryNode}):
 * a node added later, or one that restarted and forgot its users, gets it at the next reconcile, which
 * {@link RedisRestartWatch} starts within seconds.
 */
public final class InstanceRedisUsers {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedisAdmin redis;
    private final FencedAclUsers users = new FencedAclUsers();

    public InstanceRedisUsers(RedisAdmin redis) {
        this.redis = redis;
    }

    public static String username(String slug) {
        return "calendar-" + slug;
    }

    /** 32 hex characters (128 random bits): URL-safe, so it can sit in a {@code redis://} URL as is. */
    public static String newPassword() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Creates or corrects the instance's user; returns true if Redis was written. */
    public boolean ensure(String slug, String password) {
        String username = username(slug);
        InstanceKeys keys = InstanceKeys.of(slug);
        return redis.callOnEveryNode("setting up the Redis user of " + slug, jedis ->
                users.ensure(jedis, username, password, List.of(keys.aclKeyPattern()), List.of(keys.aclChannelPattern())))
                .containsValue(true);
    }

    /** Keeps the user but lets nobody log in as it (nor stay logged in): a retained calendar's data waits unused. */
    public void disable(String slug) {
        redis.callOnEveryNode("disabling the Redis user of " + slug, jedis -> {
            if (jedis.aclGetUser(username(slug)) != null) {
                jedis.aclSetUser(username(slug), "off");
                jedis.clientKill(new redis.clients.jedis.params.ClientKillParams().user(username(slug)));
                FencedAclUsers.saveAclFile(jedis);
            }
            return null;
        });
    }

    /** Removes the user; its open connections are closed by Redis. */
    public void remove(String slug) {
        redis.callOnEveryNode("removing the Redis user of " + slug, jedis -> {
            jedis.aclDelUser(username(slug));
            FencedAclUsers.saveAclFile(jedis);
            return null;
        });
    }

    /** Whether the user is there (on a cluster: on every node). */
    public boolean exists(String slug) {
        return !redis.callOnEveryNode("reading the Redis user of " + slug, jedis -> jedis.aclGetUser(username(slug)) != null)
                .containsValue(false);
    }
}
