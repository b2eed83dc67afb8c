package dev.cps.calendar.app.store;

import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.domain.BookingConflictException;
import dev.cps.calendar.app.domain.BookingNotFoundException;
import dev.cps.calendar.app.domain.DaySchedule;
import dev.cps.calendar.app.domain.Slot;

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

    /** Stores a new booking. @throws BookingConflictException if any hour it covers is taken */
    Booking create(Booking booking);

    /**
     * Replaces the booking that starts at the same slot, keeping its creation time.
     *
     * @throws BookingNotFoundException if no booking starts there
     * @throws BookingConflictException if the new hours overlap another booking
     */
    Booking update(Booking booking);

    /** @throws BookingNotFoundException if no booking starts there */
    void delete(Slot slot);

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
