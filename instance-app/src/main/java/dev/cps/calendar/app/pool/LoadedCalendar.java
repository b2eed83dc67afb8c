package dev.cps.calendar.app.pool;

import dev.cps.calendar.app.CalendarApp;

/**
 * A calendar the pool has loaded, and what it is doing: requests in progress and open event streams
 * (each within its per-calendar cap), and when it was last used. It is unloaded only while nothing
 * uses it: a request that arrives as it closes finds it closed and loads it again. The counts change
 * under the calendar's own lock, held for a few instructions: calendars never wait on each other.
 */
final class LoadedCalendar {

    /** The answer to a request that wants to use the calendar. */
    enum Entry { ENTERED, BUSY, CLOSED }

    private final CalendarApp app;
    private int requests;
    private int streams;
    private long lastUsedNanos = System.nanoTime();
    private boolean closed;

    LoadedCalendar(CalendarApp app) {
        this.app = app;
    }

    CalendarApp app() {
        return app;
    }

    /** Counts a request (or an event stream) in, if the calendar is open and under its cap. */
    synchronized Entry enter(boolean stream, int cap) {
        if (closed) {
            return Entry.CLOSED;
        }
        if ((stream ? streams : requests) >= cap) {
            return Entry.BUSY;
        }
        if (stream) {
            streams++;
        } else {
            requests++;
        }
        lastUsedNanos = System.nanoTime();
        return Entry.ENTERED;
    }

    /** A request (or stream) that {@link #enter entered} is over. */
    synchronized void leave(boolean stream) {
        if (stream) {
            streams--;
        } else {
            requests--;
        }
        lastUsedNanos = System.nanoTime();
    }

    /** Closes the calendar if nothing has used it for {@code idleNanos}; answers whether it did. */
    boolean closeIfIdle(long idleNanos) {
        synchronized (this) {
            if (closed || requests > 0 || streams > 0 || System.nanoTime() - lastUsedNanos < idleNanos) {
                return false;
            }
            closed = true;
        }
        app.close();
        return true;
    }

    /** Closes the calendar now, streams and all (it left the pool). */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        app.close();
    }
}
