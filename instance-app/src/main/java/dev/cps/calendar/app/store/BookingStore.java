package dev.cps.calendar.app.store;

import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.domain.DaySchedule;
import dev.cps.calendar.app.domain.Slot;
import dev.cps.calendar.app.feed.Change;
import dev.cps.calendar.app.feed.ChangeListener;
import dev.cps.calendar.app.feed.StreamId;
import dev.cps.calendar.app.history.ChangeHistory;
import dev.cps.calendar.app.history.ChangeOrigin;
import dev.cps.calendar.app.transfer.DayImport;

import java.time.LocalDate;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * The bookings of one calendar instance and the feed of their changes. Writes are atomic and
 * conflict-checked; every write is one entry on the change feed. The rules of a valid booking
 * ({@link dev.cps.calendar.app.domain.BookingRules}) are checked before a store is asked.
 */
public interface BookingStore extends AutoCloseable {

    /**
     * Stores a new booking; the history names {@code origin}.
     * @throws BookingConflictException if any hour it covers is taken
     */
    Booking create(Booking booking, ChangeOrigin origin);

    default Booking create(Booking booking) {
        return create(booking, ChangeOrigin.UNATTRIBUTED);
    }

    /**
     * Replaces the booking that starts at the same slot, keeping its creation time, one revision later.
     *
     * @throws BookingNotFoundException if no booking starts there
     * @throws BookingConflictException if the new hours overlap another booking
     */
    Booking update(Booking booking, ChangeOrigin origin);

    default Booking update(Booking booking) {
        return update(booking, ChangeOrigin.UNATTRIBUTED);
    }

    /** Removes the booking that starts at {@code slot} and answers it. @throws BookingNotFoundException if none does */
    Booking delete(Slot slot, ChangeOrigin origin);

    default void delete(Slot slot) {
        delete(slot, ChangeOrigin.UNATTRIBUTED);
    }

    /**
     * Moves the booking that starts at {@code from} to start at {@code to}, with its user, length and
     * creation time, one revision later; it must end by {@code endBy} (the bookable hours' end).
     *
     * @throws BookingNotFoundException if no booking starts at {@code from}
     * @throws BookingConflictException if its hours at {@code to} overlap another booking
     * @throws dev.cps.calendar.app.domain.InvalidBookingException if it would end after {@code endBy}
     */
    Booking move(Slot from, Slot to, int endBy, ChangeOrigin origin);

    /**
     * Creates the bookings of one day in one atomic step, each unless the same one is there already or
     * it overlaps another (never overwritten); {@code dryRun} only tells what would happen.
     */
    DayImport importDay(LocalDate date, List<Booking> bookings, boolean dryRun, ChangeOrigin origin);

    /** Who changed what, newest first, for the calendar's retention. */
    ChangeHistory history();

    DaySchedule day(LocalDate date);

    /** The days that have bookings, from {@code from} to {@code to} inclusive; {@code null} leaves a side open. */
    NavigableMap<LocalDate, DaySchedule> between(LocalDate from, LocalDate to);

    /** Hears every change from now on, including those made by other app processes on the same store. */
    void subscribe(ChangeListener listener);

    /**
     * The changes after {@code id}, oldest first, so a reconnecting browser gets what it missed;
     * empty when they cannot all be given (too old, an id this feed never issued, or more than
     * {@code limit} of them: a browser that far behind reloads instead).
     */
    Optional<List<Change>> changesAfter(StreamId id, int limit);

    /** Every change after {@code id} the feed still holds. */
    default Optional<List<Change>> changesAfter(StreamId id) {
        return changesAfter(id, (int) dev.cps.calendar.api.ChangeFeed.MAX_LENGTH);
    }

    /** True while the storage refuses writes because it is full (reads still work). */
    default boolean isFull() {
        return false;
    }

    /** How many stored entries could not be read and were skipped ({@link BadStoredData}). */
    default long skippedEntries() {
        return 0;
    }

    /** False while the store cannot be reached: reads and writes then fail fast. */
    boolean isAvailable();

    @Override
    void close();
}
