package dev.cps.calendar.app.pool;

import dev.cps.calendar.app.CalendarApp;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A calendar the pool has loaded, and what it is doing: requests in progress and open event streams
 * (each within its per-calendar cap), and when it was last used. It is unloaded only while nothing
 * uses it: a request that arrives as it closes finds it closed and loads it again.
 */
final class LoadedCalendar {

    /** The answer to a request that wants to use the calendar. */
    enum Entry { ENTERED, BUSY, CLOSED }

    private static final int CLOSED_MARK = -1;

    private final CalendarApp app;
    /** Requests and streams in progress; {@value #CLOSED_MARK} once closed. */
    private final AtomicInteger users = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger streams = new AtomicInteger();
    private final AtomicLong lastUsedNanos = new AtomicLong(System.nanoTime());

    LoadedCalendar(CalendarApp app) {
        this.app = app;
    }

    CalendarApp app() {
        return app;
    }

    /** Counts a request (or an event stream) in, if the calendar is open and under its cap. */
    Entry enter(boolean stream, int cap) {
        int now;
        do {
            now = users.get();
            if (now == CLOSED_MARK) {
                return Entry.CLOSED;
            }
        } while (!users.compareAndSet(now, now + 1));
        AtomicInteger kind = stream ? streams : requests;
        if (kind.incrementAndGet() > cap) {
            kind.decrementAndGet();
            users.decrementAndGet();
            return Entry.BUSY;
        }
        lastUsedNanos.set(System.nanoTime());
        return Entry.ENTERED;
    }

    /** A request (or stream) that {@link #enter entered} is over. */
    void leave(boolean stream) {
        (stream ? streams : requests).decrementAndGet();
        lastUsedNanos.set(System.nanoTime());
        users.decrementAndGet();
    }

    /** Closes the calendar if nothing has used it for {@code idleNanos}; answers whether it did. */
    boolean closeIfIdle(long idleNanos) {
        if (System.nanoTime() - lastUsedNanos.get() < idleNanos || !users.compareAndSet(0, CLOSED_MARK)) {
            return false;
        }
        app.close();
        return true;
    }

    /** Closes the calendar now, streams and all (it left the pool). */
    void close() {
        users.set(CLOSED_MARK);
        app.close();
    }

    int openStreams() {
        return streams.get();
    }
}
