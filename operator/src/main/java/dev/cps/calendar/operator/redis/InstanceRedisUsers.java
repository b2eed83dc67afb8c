package dev.cps.calendar.operator.redis;

import dev.cps.calendar.api.InstanceKeys;
import redis.clients.jedis.resps.AccessControlUser;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each instance's own Redis ACL user, {@code calendar-<slug>}: it may touch only the keys and
 * channels under {@code instance:{<slug>}:}, and run only what the app needs (strings, hashes,
 * sorted sets, streams with blocking reads, transactions, scripts, pub/sub, connection commands, and
 * reading a cluster's slot map);
 * nothing admin or dangerous ({@code KEYS}, {@code SCAN}, {@code FLUSH*}, {@code CONFIG}, {@code CLIENT KILL} ...).
 *
 * <p>The user is compared with {@code ACL GETUSER} before it is written, so an unchanged user
 * costs one read. On a Redis Cluster, which does not replicate ACL users, every primary and replica
 * gets the user ({@link RedisAdmin#callOnEveryNode}): a node added later, or one that restarted and
 * forgot its users, gets it at the next reconcile, which {@link RedisRestartWatch} starts within seconds.
 */
public final class InstanceRedisUsers {

    /**
     * The command rules, written as Redis 7 reports them back in {@code ACL GETUSER} (categories,
     * then single commands, then the dangerous members of those categories taken away), so that
     * an up-to-date user compares equal without a write.
     */
    static final List<String> COMMAND_RULES = List.of(
            "-@all",
            "+@connection", "+@string", "+@hash", "+@sortedset", "+@stream", "+@transaction",
            "+del", "+unlink", "+exists", "+type", "+expire", "+pexpire", "+ttl", "+pttl", "+persist",
            "+eval", "+evalsha", "+eval_ro", "+evalsha_ro", "+script|load", "+script|exists",
            "+publish", "+subscribe", "+unsubscribe", "+psubscribe", "+punsubscribe",
            // a cluster client learns where the slots are; on one server these answer an error
            "+cluster|slots", "+cluster|shards",
            // dangerous members of the categories above
            "-sort", "-sort_ro",
            "-client|kill", "-client|list", "-client|pause", "-client|unpause", "-client|unblock", "-client|no-evict");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedisAdmin redis;
    /** How this Redis server reports {@link #COMMAND_RULES}, learned after a write if it differs from 7.0's form. */
    private final Set<String> reportedCommandRules = ConcurrentHashMap.newKeySet();

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
        return redis.callOnEveryNode("setting up the Redis user of " + slug, jedis -> {
            AccessControlUser current = jedis.aclGetUser(username);
            if (current != null && matches(current, keys, password)) {
                return false;
            }
            List<String> rules = new ArrayList<>(List.of("reset", "on", ">" + password, keys.aclKeyPattern(), keys.aclChannelPattern()));
            rules.addAll(COMMAND_RULES);
            jedis.aclSetUser(username, rules.toArray(String[]::new));
            Set<String> reported = tokens(jedis.aclGetUser(username).getCommands());
            if (!reported.equals(new HashSet<>(COMMAND_RULES))) {
                reportedCommandRules.clear();
                reportedCommandRules.addAll(reported);
            }
            saveAclFile(jedis);
            return true;
        }).containsValue(true);
    }

    /** Keeps the user but lets nobody log in as it (nor stay logged in): a retained calendar's data waits unused. */
    public void disable(String slug) {
        redis.callOnEveryNode("disabling the Redis user of " + slug, jedis -> {
            if (jedis.aclGetUser(username(slug)) != null) {
                jedis.aclSetUser(username(slug), "off");
                jedis.clientKill(new redis.clients.jedis.params.ClientKillParams().user(username(slug)));
                saveAclFile(jedis);
            }
            return null;
        });
    }

    /** Removes the user; its open connections are closed by Redis. */
    public void remove(String slug) {
        redis.callOnEveryNode("removing the Redis user of " + slug, jedis -> {
            jedis.aclDelUser(username(slug));
            saveAclFile(jedis);
            return null;
        });
    }

    /**
     * A Redis with an ACL file (the chart's bundled one) forgets users at restart unless they are
     * saved; one without a file refuses ACL SAVE, and then the periodic resync re-creates them.
     */
    private static void saveAclFile(redis.clients.jedis.Jedis jedis) {
        try {
            jedis.aclSave();
        } catch (redis.clients.jedis.exceptions.JedisDataException noAclFile) {
            // "This Redis instance is not configured to use an ACL file": nothing to save
        }
    }

    /** Whether the user is there (on a cluster: on every node). */
    public boolean exists(String slug) {
        return !redis.callOnEveryNode("reading the Redis user of " + slug, jedis -> jedis.aclGetUser(username(slug)) != null)
                .containsValue(false);
    }

    private boolean matches(AccessControlUser user, InstanceKeys keys, String password) {
        Set<String> commands = tokens(user.getCommands());
        return user.getFlags().contains("on")
                && !user.getFlags().contains("nopass")
                && user.getPasswords().equals(List.of(sha256(password)))
                && user.getKeysList().equals(List.of(keys.aclKeyPattern()))
                && user.getChannelsList().equals(List.of(keys.aclChannelPattern()))
                && (user.getSelectors() == null || user.getSelectors().isEmpty())
                && (commands.equals(new HashSet<>(COMMAND_RULES)) || commands.equals(reportedCommandRules));
    }

    private static Set<String> tokens(String rules) {
        return rules == null ? Set.of() : new HashSet<>(Arrays.asList(rules.trim().split("\\s+")));
    }

    private static String sha256(String password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
