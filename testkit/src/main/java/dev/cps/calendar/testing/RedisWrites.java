package dev.cps.calendar.testing;

import redis.clients.jedis.Jedis;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts what Redis was asked to change: the dataset's change counter (every key write) plus the
 * ACL writes, which change no key. Read from {@code INFO}, so counting adds no write itself.
 */
public record RedisWrites(long datasetChanges, Map<String, Long> calls) {

    public static RedisWrites of(Jedis admin) {
        long changes = 0;
        for (String line : admin.info("persistence").split("\r?\n")) {
            if (line.startsWith("rdb_changes_since_last_save:")) {
                changes = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        Map<String, Long> calls = new TreeMap<>();
        for (String line : admin.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String command = line.substring("cmdstat_".length(), line.indexOf(':'));
                String callsField = line.substring(line.indexOf("calls=") + 6);
                calls.put(command, Long.parseLong(callsField.substring(0, callsField.indexOf(','))));
            }
        }
        return new RedisWrites(changes, calls);
    }

    public long calls(String command) {
        return calls.getOrDefault(command, 0L);
    }

    /** Key writes plus ACL user writes since {@code before}. */
    public long writesSince(RedisWrites before) {
        return (datasetChanges - before.datasetChanges)
                + (calls("acl|setuser") - before.calls("acl|setuser"))
                + (calls("acl|deluser") - before.calls("acl|deluser"));
    }
}
