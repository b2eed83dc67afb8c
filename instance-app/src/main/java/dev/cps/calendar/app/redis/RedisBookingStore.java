package dev.cps.calendar.app.redis;

import dev.cps.calendar.api.ChangeFeed;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.domain.BookingConflictException;
import dev.cps.calendar.app.domain.BookingNotFoundException;
import dev.cps.calendar.app.domain.BookingRules;
import dev.cps.calendar.app.domain.DaySchedule;
import dev.cps.calendar.app.domain.InvalidBookingException;
import dev.cps.calendar.app.domain.Slot;
import dev.cps.calendar.app.feed.Change;
import dev.cps.calendar.app.feed.ChangeListener;
import dev.cps.calendar.app.feed.StreamId;
import dev.cps.calendar.app.history.ChangeHistory;
import dev.cps.calendar.app.history.ChangeOrigin;
import dev.cps.calendar.app.history.HistoryAction;
import dev.cps.calendar.app.history.HistoryEntryJson;
import dev.cps.calendar.app.history.HistoryRetention;
import dev.cps.calendar.app.store.BadStoredData;
import dev.cps.calendar.app.store.BookingJson;
import dev.cps.calendar.app.store.BookingStore;
import dev.cps.calendar.app.store.BookingView;
import dev.cps.calendar.app.store.StorageFullException;
import dev.cps.calendar.app.store.StoreUnavailableException;
import dev.cps.calendar.app.store.UnreadableStoredData;
import dev.cps.calendar.app.transfer.DayImport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.StreamEntry;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Bookings in Redis under {@code instance:{<slug>}:}: one hash per day (field {@code HH:00},
 * value a {@code StoredBooking}), an index of booked days, and the change feed stream. Writes are Lua
 * scripts (check, write and append to the feed in one atomic step) that store what {@link BookingJson}
 * encodes; a change of a booking names the value it saw, and is derived again from the one Redis
 * holds when they differ. Reads are served from a
 * {@link BookingView} in memory that a follower thread keeps fresh from the change feed, so
 * reading a week costs no Redis round trip; after any loss of the feed the view is reloaded
 * from a snapshot before it is trusted again.
 */
public final class RedisBookingStore implements BookingStore {

    private static final Logger LOG = LoggerFactory.getLogger(RedisBookingStore.class);
    /** The answer of a change script when the booking is no longer the value the app saw. */
    private static final String STALE = "stale";
    /** How often a change is derived again from the latest value before it gives up (a conflict). */
    private static final int STALE_ATTEMPTS = 5;

    private final RedisConnector redis;
    private final InstanceKeys keys;
    private final BookingView view = new BookingView();
    private final BadStoredData badData = new BadStoredData();
    /** Whether the last write was refused because Redis is at its memory limit; the next write that works clears it. */
    private volatile boolean full;
    /** Whether this thread's last write ran twice: the first run may have done it already. */
    private final ThreadLocal<Boolean> retried = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
    private final RedisChangeFollower follower;
    private final String dayKeyPrefix;
    private final HistoryRetention retention;
    private final ChangeHistory history;

    private RedisBookingStore(RedisConnector redis, InstanceKeys keys, HistoryRetention retention) {
        this.redis = redis;
        this.keys = keys;
        this.retention = retention;
        RedisChangeHistory stored = new RedisChangeHistory(redis::client, keys, retention);
        this.history = (limit, before) -> {
            requireAvailable();
            try {
                return stored.recent(limit, before);
            } catch (JedisException e) {
                throw unavailable(e);
            }
        };
        String sample = keys.bookingDay(LocalDate.EPOCH);
        this.dayKeyPrefix = sample.substring(0, sample.length() - LocalDate.EPOCH.toString().length());
        this.follower = new RedisChangeFollower(redis, keys, this);
    }

    /**
     * Opens the store and starts following its change feed; waits up to {@code firstSync} for
     * the first snapshot, so a store that can reach Redis is ready when this returns.
     */
    public static RedisBookingStore open(RedisConnector redis, InstanceKeys keys, Duration firstSync) {
        return open(redis, keys, firstSync, HistoryRetention.DEFAULT);
    }

    /** As {@link #open(RedisConnector, InstanceKeys, Duration)}, trimming the history to {@code retention}. */
    public static RedisBookingStore open(RedisConnector redis, InstanceKeys keys, Duration firstSync, HistoryRetention retention) {
        RedisBookingStore store = new RedisBookingStore(redis, keys, retention);
        store.follower.start();
        store.follower.awaitLive(firstSync);
        return store;
    }

    @Override
    public Booking create(Booking booking, ChangeOrigin origin) {
        retried.set(Boolean.FALSE);
        List<String> args = put(booking, ChangeFeed.BOOKING_CREATED,
                HistoryEntryJson.stored(HistoryAction.created, Optional.empty(), Optional.of(booking), origin));
        List<?> answer = write(() -> BookingScripts.PUT.run(redis.client(), dayKeys(booking.date()), args));
        return applyWritten(booking, answer);
    }

    @Override
    public Booking update(Booking wanted, ChangeOrigin origin) {
        retried.set(Boolean.FALSE);
        String seen = valueAt(wanted.slot()).orElseThrow(() -> new BookingNotFoundException(wanted.slot()));
        for (int attempt = 0; ; attempt++) {
            Optional<Booking> current = readable(wanted.slot(), seen);
            // an unreadable booking is replaced as if it were new (its creation time is lost with it)
            Booking booking = current.map(wanted::revisionOf)
                    .orElse(new Booking(wanted.date(), wanted.startHour(), wanted.user(), wanted.duration(), wanted.createdAt(), 1));
            HistoryAction action = current.filter(c -> c.user().equals(booking.user())).isPresent()
                    ? HistoryAction.changed : HistoryAction.userChanged;
            List<String> args = new ArrayList<>(put(booking, ChangeFeed.BOOKING_UPDATED,
                    HistoryEntryJson.stored(action, current, Optional.of(booking), origin)));
            args.add(seen);
            List<?> answer = write(() -> BookingScripts.PUT.run(redis.client(), dayKeys(booking.date()), args));
            if (!STALE.equals(answer.get(0))) {
                return applyWritten(booking, answer);
            }
            seen = (String) answer.get(1);
            if (retried.get() && seen.equals(BookingJson.value(booking))) {
                // the first run, whose answer was lost, stored it: show it at once, as the feed will
                lostAnswer(BookingJson.eventData(booking)).ifPresent(id -> view.put(booking, id));
                return booking;
            }
            requireSettled(attempt, wanted.slot(), seen, Optional.of(wanted));
        }
    }

    @Override
    public Booking delete(Slot slot, ChangeOrigin origin) {
        retried.set(Boolean.FALSE);
        Optional<Booking> shown = view.day(slot.date()).startingAt(slot.hour());
        String seen = valueAt(slot).orElseThrow(() -> new BookingNotFoundException(slot));
        for (int attempt = 0; ; attempt++) {
            Optional<Booking> current = readable(slot, seen);
            List<String> args = new ArrayList<>(feedArgs());
            args.addAll(List.of(slot.date().toString(), slot.time(), ChangeFeed.BOOKING_DELETED, BookingJson.deletedData(slot),
                    HistoryEntryJson.stored(HistoryAction.deleted, current, Optional.empty(), origin), seen));
            List<?> answer = write(() -> BookingScripts.DELETE.run(redis.client(), dayKeys(slot.date()), args));
            switch ((String) answer.get(0)) {
                case "ok" -> {
                    view.remove(slot, StreamId.of((String) answer.get(1)));
                    return conflicting(slot.date(), slot.time(), (String) answer.get(2));
                }
                case STALE -> {
                    seen = (String) answer.get(1);
                    requireSettled(attempt, slot, seen, shown);
                }
                default -> {
                    if (retried.get() && shown.isPresent()) {
                        // the first run, whose answer was lost, deleted it: show it at once, as the feed will
                        lostAnswer(BookingJson.deletedData(slot)).ifPresent(id -> view.remove(slot, id));
                        return shown.get();
                    }
                    throw new BookingNotFoundException(slot);
                }
            }
        }
    }

    @Override
    public Booking move(Slot from, Slot to, int endBy, ChangeOrigin origin) {
        String seen = valueAt(from).orElseThrow(() -> new BookingNotFoundException(from));
        for (int attempt = 0; ; attempt++) {
            // a booking that cannot be read cannot be moved: the server's fault, not the request's
            Booking current = BookingJson.parseValue(from.date(), from.time(), seen);
            if (to.hour() + current.duration() > endBy) {
                throw new InvalidBookingException("a " + current.duration() + "-hour booking at " + to.time()
                        + " would end after " + Slot.time(endBy) + ", when the bookable hours end");
            }
            Booking moved = current.movedTo(to);
            List<String> args = new ArrayList<>(feedArgs());
            args.addAll(List.of(from.date().toString(), from.time(), to.date().toString(), String.valueOf(to.hour()),
                    String.valueOf(moved.duration()), String.valueOf(to.date().toEpochDay()), BookingJson.value(moved),
                    ChangeFeed.BOOKING_DELETED, BookingJson.deletedData(from), ChangeFeed.BOOKING_CREATED,
                    BookingJson.eventData(moved),
                    HistoryEntryJson.stored(HistoryAction.moved, Optional.of(current), Optional.of(moved), origin), seen));
            // not retried: a lost answer of a move that ran would read as "missing" the second time
            List<?> answer = writeOnce(() -> BookingScripts.MOVE.run(redis.client(),
                    List.of(keys.bookingDay(from.date()), keys.bookingDay(to.date()), keys.bookingDays(), keys.changeFeed(),
                            keys.history()), args));
            switch ((String) answer.get(0)) {
                case "ok" -> {
                    view.remove(from, StreamId.of((String) answer.get(1)));
                    view.put(moved, StreamId.of((String) answer.get(2)));
                    return moved;
                }
                case "conflict" -> throw new BookingConflictException(moved,
                        conflicting(to.date(), (String) answer.get(1), (String) answer.get(2)));
                case STALE -> {
                    seen = (String) answer.get(1);
                    requireSettled(attempt, from, seen, Optional.of(current));
                }
                default -> throw new BookingNotFoundException(from);
            }
        }
    }

    @Override
    public DayImport importDay(LocalDate date, List<Booking> bookings, boolean dryRun, ChangeOrigin origin) {
        List<String> args = new ArrayList<>(feedArgs());
        args.addAll(List.of(date.toString(), String.valueOf(date.toEpochDay()), dryRun ? "1" : "0", ChangeFeed.BOOKING_CREATED));
        for (Booking booking : bookings) {
            if (!booking.date().equals(date)) {
                throw new IllegalArgumentException("a booking of " + booking.date() + " in the import of " + date);
            }
            args.addAll(List.of(String.valueOf(booking.startHour()), String.valueOf(booking.duration()),
                    BookingJson.value(booking), BookingJson.eventData(booking),
                    HistoryEntryJson.stored(HistoryAction.created, Optional.empty(), Optional.of(booking), origin)));
        }
        // not retried: a second run after a lost answer would report the first run's bookings as "already there"
        List<?> answer = writeOnce(() -> BookingScripts.IMPORT_DAY.run(redis.client(), dayKeys(date), args));
        List<Booking> created = new ArrayList<>();
        List<Booking> same = new ArrayList<>();
        List<DayImport.Conflict> conflicts = new ArrayList<>();
        for (int i = 0; i < bookings.size(); i++) {
            String outcome = (String) answer.get(3 * i);
            Booking there = conflicting(date, (String) answer.get(3 * i + 1), (String) answer.get(3 * i + 2));
            switch (outcome) {
                case "created" -> created.add(there);
                case "same" -> same.add(there);
                default -> conflicts.add(new DayImport.Conflict(bookings.get(i), there));
            }
        }
        if (!dryRun) {
            for (int i = 0; i < created.size(); i++) {
                view.put(created.get(i), StreamId.of((String) answer.get(3 * bookings.size() + i)));
            }
        }
        return new DayImport(List.copyOf(created), List.copyOf(same), List.copyOf(conflicts));
    }

    @Override
    public ChangeHistory history() {
        return history;
    }

    @Override
    public DaySchedule day(LocalDate date) {
        requireAvailable();
        return view.day(date);
    }

    @Override
    public NavigableMap<LocalDate, DaySchedule> between(LocalDate from, LocalDate to) {
        requireAvailable();
        return view.between(from, to);
    }

    @Override
    public void subscribe(ChangeListener listener) {
        listeners.add(listener);
    }

    @Override
    public Optional<List<Change>> changesAfter(StreamId id, int limit) {
        requireAvailable();
        List<StreamEntry> entries;
        try {
            // the entry itself, up to limit after it, and one more to tell "more than limit"
            entries = redis.client().xrange(keys.changeFeed(), id.toString(), "+", limit + 2);
        } catch (JedisException e) {
            throw unavailable(e);
        }
        // the entry the browser saw must still be there, or entries after it may have been trimmed
        if (entries.isEmpty() || !StreamId.of(entries.get(0).getID().toString()).equals(id) || entries.size() > limit + 1) {
            return Optional.empty();
        }
        List<Change> missed = new ArrayList<>(entries.size() - 1);
        for (StreamEntry entry : entries.subList(1, entries.size())) {
            missed.add(toChange(entry));
        }
        return Optional.of(missed);
    }

    @Override
    public boolean isFull() {
        return full;
    }

    @Override
    public long skippedEntries() {
        return badData.skipped();
    }

    @Override
    public boolean isAvailable() {
        return follower.isLive();
    }

    @Override
    public void close() {
        follower.stop();
        listeners.clear();
    }

    /** Reloads the view from one atomic snapshot; answers the feed position it reflects. */
    StreamId reloadView(Jedis connection) {
        List<?> snapshot = (List<?>) BookingScripts.SNAPSHOT.run(connection,
                List.of(keys.bookingDays(), keys.changeFeed()), List.of(dayKeyPrefix));
        StreamId upTo = StreamId.of((String) snapshot.get(0));
        List<Booking> bookings = new ArrayList<>();
        for (int i = 1; i + 1 < snapshot.size(); i += 2) {
            String day = (String) snapshot.get(i);
            LocalDate date;
            try {
                date = LocalDate.parse(day);
            } catch (RuntimeException e) {
                badData.skip(keys.bookingDays() + " entry \"" + day + "\"", "not a date");
                continue;
            }
            List<?> fields = (List<?>) snapshot.get(i + 1);
            for (int f = 0; f + 1 < fields.size(); f += 2) {
                String field = (String) fields.get(f);
                try {
                    bookings.add(BookingJson.parseValue(date, field, (String) fields.get(f + 1)));
                } catch (RuntimeException e) {
                    badData.skip(keys.bookingDay(date) + " field " + field, "not a booking (" + e.getMessage() + ")");
                }
            }
        }
        view.reload(bookings, upTo);
        return upTo;
    }

    /** A change read from the feed: into the view first, then to everyone listening. */
    void onFeedChange(Change change) {
        try {
            BookingJson.apply(change, view);
        } catch (RuntimeException e) {
            badData.skip(keys.changeFeed() + " entry " + change.id(), "a " + change.type() + " the view cannot apply ("
                    + e.getMessage() + ")");
        }
        for (ChangeListener listener : listeners) {
            try {
                listener.onChange(change);
            } catch (RuntimeException e) {
                LOG.warn("a listener failed on change {}", change.id(), e);
            }
        }
    }

    void onFeedLost(String message) {
        for (ChangeListener listener : listeners) {
            listener.onUnavailable(message);
        }
    }

    void onFeedResynced() {
        for (ChangeListener listener : listeners) {
            listener.onResync();
        }
    }

    static Change toChange(StreamEntry entry) {
        return new Change(StreamId.of(entry.getID().toString()),
                entry.getFields().getOrDefault(ChangeFeed.TYPE, ""), entry.getFields().getOrDefault(ChangeFeed.DATA, "{}"));
    }

    /**
     * Runs a write script. When its connection breaks (Redis dropped it, or it was idle too long;
     * not when Redis is too slow to answer), the script runs once more on a fresh connection before the write fails: the scripts are
     * safe to repeat, see {@link #applyWritten} and {@link #delete}.
     */
    private List<?> write(Supplier<Object> script) {
        requireAvailable();
        try {
            List<?> answer = (List<?>) script.get();
            full = false;
            return answer;
        } catch (JedisConnectionException first) {
            if (RedisConnector.timedOut(first)) {
                throw unavailable(first); // a slow or frozen Redis: another try would only wait as long again
            }
            redis.dropIdleConnections();
            retried.set(Boolean.TRUE);
            try {
                return (List<?>) script.get();
            } catch (JedisException e) {
                throw unavailable(e);
            }
        } catch (JedisDataException e) {
            throw refused(e);
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    /** Runs a write script that must not run twice (a move, an import): a lost answer fails the write. */
    private List<?> writeOnce(Supplier<Object> script) {
        requireAvailable();
        try {
            List<?> answer = (List<?>) script.get();
            full = false;
            return answer;
        } catch (JedisDataException e) {
            throw refused(e);
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    /** Redis at its memory limit refuses writes with OOM: storage full (reads still work); anything else: unavailable. */
    private RuntimeException refused(JedisDataException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("OOM")) {
            full = true;
            return new StorageFullException("Redis at " + redis.address() + " is full (maxmemory): " + e.getMessage());
        }
        return unavailable(e);
    }

    private Booking applyWritten(Booking wanted, List<?> answer) {
        String outcome = (String) answer.get(0);
        switch (outcome) {
            case "ok" -> {
                Booking stored = BookingJson.parseValue(wanted.date(), wanted.time(), (String) answer.get(2));
                view.put(stored, StreamId.of((String) answer.get(1)));
                return stored;
            }
            case "conflict" -> {
                Booking existing = conflicting(wanted.date(), (String) answer.get(1), (String) answer.get(2));
                if (retried.get() && existing.equals(wanted)) {
                    // the first run, whose answer was lost, stored it (createdAt is unique): show it at once
                    lostAnswer(BookingJson.eventData(existing)).ifPresent(id -> view.put(existing, id));
                    return existing;
                }
                throw new BookingConflictException(wanted, existing);
            }
            case "missing" -> throw new BookingNotFoundException(wanted.slot());
            default -> throw new IllegalStateException("unexpected answer of a booking script: " + answer);
        }
    }

    /**
     * The feed id of a write whose answer was lost with its connection: the newest recent feed
     * entry whose data is {@code data} (createdAt, unique, is in it). The view takes the write with it at once, so the
     * writer reads what it was told was stored; without one the follower brings it a moment later.
     */
    private Optional<StreamId> lostAnswer(String data) {
        try {
            for (StreamEntry entry : redis.client().xrevrange(keys.changeFeed(), "+", "-", 200)) {
                if (entry.getFields().getOrDefault(ChangeFeed.DATA, "").equals(data)) {
                    return Optional.of(StreamId.of(entry.getID().toString()));
                }
            }
        } catch (JedisException e) {
            // the follower applies it from the feed
        }
        return Optional.empty();
    }

    /** The booking a write ran into; an unreadable one is shown as holding its hour. */
    private Booking conflicting(LocalDate date, String time, String value) {
        try {
            return BookingJson.parseValue(date, time, value);
        } catch (RuntimeException e) {
            badData.skip(keys.bookingDay(date) + " field " + time, "not a booking (" + e.getMessage() + ")");
            return new Booking(date, BookingRules.hour(time), "an unreadable booking", 1, java.time.Instant.EPOCH);
        }
    }

    private List<String> dayKeys(LocalDate date) {
        return List.of(keys.bookingDay(date), keys.bookingDays(), keys.changeFeed(), keys.history());
    }

    /** The args every write script starts with (see {@code feed.lua}). */
    private List<String> feedArgs() {
        return List.of(String.valueOf(ChangeFeed.MAX_LENGTH), ChangeFeed.TYPE, ChangeFeed.DATA, retention.oldestKeptId());
    }

    /** The args of {@code put.lua} that store {@code booking}, announced as {@code type}. */
    private List<String> put(Booking booking, String type, String historyEntry) {
        List<String> args = new ArrayList<>(feedArgs());
        args.addAll(List.of(booking.date().toString(), String.valueOf(booking.startHour()), String.valueOf(booking.duration()),
                String.valueOf(booking.date().toEpochDay()), type, BookingJson.value(booking), BookingJson.eventData(booking),
                historyEntry));
        return args;
    }

    /**
     * The stored value at {@code slot} as a change script must see it: the view's booking (encoded as
     * it is stored), or, when the view does not have it yet, what Redis holds.
     */
    private Optional<String> valueAt(Slot slot) {
        requireAvailable();
        Optional<Booking> shown = view.day(slot.date()).startingAt(slot.hour());
        if (shown.isPresent()) {
            return Optional.of(BookingJson.value(shown.get()));
        }
        try {
            return Optional.ofNullable(redis.client().hget(keys.bookingDay(slot.date()), slot.time()));
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    /** The booking a stored value holds; empty (and reported once) when it cannot be read. */
    private Optional<Booking> readable(Slot slot, String value) {
        try {
            return Optional.of(BookingJson.parseValue(slot.date(), slot.time(), value));
        } catch (UnreadableStoredData e) {
            badData.skip(keys.bookingDay(slot.date()) + " field " + slot.time(), "not a booking (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    /**
     * A change that found another value than the app saw tries again with the one Redis holds; one that
     * keeps finding another (others change the booking as fast) is a conflict with the latest.
     */
    private void requireSettled(int attempt, Slot slot, String latest, Optional<Booking> wanted) {
        if (attempt + 1 >= STALE_ATTEMPTS) {
            Booking existing = conflicting(slot.date(), slot.time(), latest);
            throw new BookingConflictException(wanted.orElse(existing), existing);
        }
    }

    private void requireAvailable() {
        if (!follower.isLive()) {
            throw new StoreUnavailableException("Redis at " + redis.address() + " is unreachable; retrying");
        }
    }

    private StoreUnavailableException unavailable(JedisException e) {
        follower.suspectOutage(e);
        return new StoreUnavailableException("Redis at " + redis.address() + " did not answer: " + e.getMessage(), e);
    }
}
