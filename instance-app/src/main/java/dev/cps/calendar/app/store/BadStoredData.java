package dev.cps.calendar.app.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stored entries the app cannot read (a booking that is not JSON or lacks a field, a day-index
 * entry that is not a date, a feed entry of an unknown shape). Each is skipped, so one bad entry
 * never takes the calendar down, and reported once: one log line per entry, however often it is
 * read again, and a count for the metrics.
 */
public final class BadStoredData {

    private static final Logger LOG = LoggerFactory.getLogger(BadStoredData.class);
    /** Past this many distinct entries the log stays quiet; the count still grows. */
    private static final int REMEMBERED = 1000;

    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private final AtomicLong skipped = new AtomicLong();

    /** @param where the key (and field) of the entry; @param why what is wrong with it */
    public void skip(String where, String why) {
        if (reported.size() >= REMEMBERED) {
            return;
        }
        if (reported.add(where)) {
            skipped.incrementAndGet();
            LOG.warn("skipping {} in Redis: {}; everything else is served (reported once)", where, why);
        }
    }

    /** How many distinct unreadable entries were skipped since the app started. */
    public long skipped() {
        return skipped.get();
    }
}
