package dev.cps.calendar.app.history;

import dev.cps.calendar.app.feed.StreamId;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** The history of the in-memory store: the same entries, trimmed the same way, forgotten on exit. */
public final class InMemoryHistory implements ChangeHistory {

    private final HistoryRetention retention;
    private final ArrayDeque<HistoryEntry> entries = new ArrayDeque<>();

    public InMemoryHistory(HistoryRetention retention) {
        this.retention = retention;
    }

    /** Records a change made at {@code id} (the id of its feed entry: the same clock and order). */
    public synchronized void record(StreamId id, String storedData) {
        entries.addLast(HistoryEntryJson.parse(id, storedData));
        long oldest = retention.oldestKeptMillis();
        while (!entries.isEmpty() && entries.peekFirst().id().millis() < oldest) {
            entries.removeFirst();
        }
    }

    @Override
    public synchronized List<HistoryEntry> recent(int limit, Optional<StreamId> before) {
        List<HistoryEntry> page = new ArrayList<>();
        long oldest = retention.oldestKeptMillis();
        for (Iterator<HistoryEntry> it = entries.descendingIterator(); it.hasNext() && page.size() < limit; ) {
            HistoryEntry entry = it.next();
            if (entry.id().millis() >= oldest && before.map(b -> b.isAfter(entry.id())).orElse(true)) {
                page.add(entry);
            }
        }
        return page;
    }
}
