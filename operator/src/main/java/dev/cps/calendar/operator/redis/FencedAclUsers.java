package dev.cps.calendar.operator.redis;

import dev.cps.calendar.api.AppRedisCommands;
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
 * needs and nothing more ({@link AppRedisCommands#RULES}), for a calendar's own user
 * ({@link InstanceRedisUsers}) and a pool's ({@link PoolRedisUsers}). A user is compared with
 * {@code ACL GETUSER} before it is written, so an unchanged one costs one read.
 */
final class FencedAclUsers {

    /** {@link AppRedisCommands#RULES}: what an app's user may run. */
    static final List<String> COMMAND_RULES = AppRedisCommands.RULES;

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
