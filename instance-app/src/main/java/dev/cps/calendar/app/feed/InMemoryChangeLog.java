package dev.cps.calendar.app.feed;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The recent changes of the in-memory store, with ids of the Redis stream form, for replay. */
public final class InMemoryChangeLog {

    private final int capacity;
    private final ArrayDeque<Change> entries = new ArrayDeque<>();
    private StreamId last = StreamId.ZERO;
    private StreamId lastForgotten;

    public InMemoryChangeLog(int capacity) {
        this.capacity = capacity;
    }

    public synchronized Change append(String type, String data) {
        long now = System.currentTimeMillis();
        last = now > last.millis() ? new StreamId(now, 0) : new StreamId(last.millis(), last.sequence() + 1);
        Change change = new Change(last, type, data);
        entries.addLast(change);
        if (entries.size() > capacity) {
            lastForgotten = entries.removeFirst().id();
        }
        return change;
    }

    public synchronized Optional<List<Change>> after(StreamId id) {
        if (id.isAfter(last) || (lastForgotten != null && lastForgotten.isAfter(id))) {
            return Optional.empty();
        }
        List<Change> missed = new ArrayList<>();
        for (Change change : entries) {
            if (change.id().isAfter(id)) {
                missed.add(change);
            }
        }
        return Optional.of(missed);
    }
}
