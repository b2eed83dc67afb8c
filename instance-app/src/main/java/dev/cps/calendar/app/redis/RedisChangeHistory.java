package dev.cps.calendar.app.redis;

import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.app.feed.StreamId;
import dev.cps.calendar.app.history.ChangeHistory;
import dev.cps.calendar.app.history.HistoryEntry;
import dev.cps.calendar.app.history.HistoryEntryJson;
import dev.cps.calendar.app.history.HistoryRetention;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.StreamEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The history stream {@link InstanceKeys#history()}, which the booking scripts append to; read newest
 * first with {@code XREVRANGE}. An entry older than the retention (trimming runs at the next write)
 * is not shown, and one that cannot be read is skipped.
 */
public final class RedisChangeHistory implements ChangeHistory {

    private final Supplier<UnifiedJedis> redis;
    private final InstanceKeys keys;
    private final HistoryRetention retention;

    public RedisChangeHistory(Supplier<UnifiedJedis> redis, InstanceKeys keys, HistoryRetention retention) {
        this.redis = redis;
        this.keys = keys;
        this.retention = retention;
    }

    @Override
    public List<HistoryEntry> recent(int limit, Optional<StreamId> before) {
        String end = before.map(id -> "(" + id).orElse("+");
        List<StreamEntry> entries = redis.get().xrevrange(keys.history(), end, retention.oldestKeptId(), limit);
        List<HistoryEntry> page = new ArrayList<>(entries.size());
        for (StreamEntry entry : entries) {
            try {
                page.add(HistoryEntryJson.parse(StreamId.of(entry.getID().toString()), entry.getFields().getOrDefault("data", "")));
            } catch (RuntimeException e) {
                // an entry this version cannot read (written by a newer one, or damaged) is left out
            }
        }
        return page;
    }
}
