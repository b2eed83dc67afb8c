package dev.cps.calendar.operator.redis;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.AccessControlUser;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Redis ACL users fenced to a set of key and channel patterns, with the commands a calendar app
 * needs and nothing more: the one home of those command rules, for a calendar's own user
 * ({@link InstanceRedisUsers}) and a pool's ({@link PoolRedisUsers}). A user is compared with
 * {@code ACL GETUSER} before it is written, so an unchanged one costs one read.
 */
final class FencedAclUsers {

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

    /** How this Redis server reports {@link #COMMAND_RULES}, learned after a write if it differs from 7.0's form. */
    private final Set<String> reportedCommandRules = ConcurrentHashMap.newKeySet();

    /**
     * Creates or corrects {@code username}: on, with exactly this password and these patterns.
     *
     * @return true if Redis was written
     */
    boolean ensure(Jedis jedis, String username, String password, List<String> keyPatterns, List<String> channelPatterns) {
        AccessControlUser current = jedis.aclGetUser(username);
        if (current != null && matches(current, password, keyPatterns, channelPatterns)) {
            return false;
        }
        List<String> rules = new ArrayList<>(List.of("reset", "on", ">" + password));
        rules.addAll(keyPatterns);
        rules.addAll(channelPatterns);
        rules.addAll(COMMAND_RULES);
        jedis.aclSetUser(username, rules.toArray(String[]::new));
        Set<String> reported = tokens(jedis.aclGetUser(username).getCommands());
        if (!reported.equals(new HashSet<>(COMMAND_RULES))) {
            reportedCommandRules.clear();
            reportedCommandRules.addAll(reported);
        }
        saveAclFile(jedis);
        return true;
    }

    /**
     * A Redis with an ACL file (the chart's bundled one) forgets users at restart unless they are
     * saved; one without a file refuses ACL SAVE, and then the periodic resync re-creates them.
     */
    static void saveAclFile(Jedis jedis) {
        try {
            jedis.aclSave();
        } catch (JedisDataException noAclFile) {
            // "This Redis instance is not configured to use an ACL file": nothing to save
        }
    }

    /** Patterns compare as sets: Redis keeps them in the order they were given, which says nothing. */
    private boolean matches(AccessControlUser user, String password, List<String> keyPatterns, List<String> channelPatterns) {
        Set<String> commands = tokens(user.getCommands());
        return user.getFlags().contains("on")
                && !user.getFlags().contains("nopass")
                && user.getPasswords().equals(List.of(sha256(password)))
                && patterns(user.getKeysList()).equals(new HashSet<>(keyPatterns))
                && patterns(user.getChannelsList()).equals(new HashSet<>(channelPatterns))
                && (user.getSelectors() == null || user.getSelectors().isEmpty())
                && (commands.equals(new HashSet<>(COMMAND_RULES)) || commands.equals(reportedCommandRules));
    }

    private static Set<String> patterns(List<String> reported) {
        Set<String> patterns = new HashSet<>();
        if (reported != null) {
            reported.forEach(entry -> patterns.addAll(tokens(entry)));
        }
        return patterns;
    }

    private static Set<String> tokens(String rules) {
        return rules == null || rules.isBlank() ? Set.of() : new HashSet<>(Arrays.asList(rules.trim().split("\\s+")));
    }

    private static String sha256(String password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
