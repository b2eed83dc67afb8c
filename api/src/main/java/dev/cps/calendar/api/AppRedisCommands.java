package dev.cps.calendar.api;

import java.util.List;

/**
 * What an app's Redis user may run, the operator's side of the contract: it gives these rules to
 * every calendar's own user and to every pool's user, fenced to their key and channel patterns.
 */
public final class AppRedisCommands {

    /**
     * The command rules, written as Redis 7 reports them back in {@code ACL GETUSER} (categories,
     * then single commands, then the dangerous members of those categories taken away), so that
     * an up-to-date user compares equal without a write.
     */
    public static final List<String> RULES = List.of(
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

    private AppRedisCommands() {
    }
}
