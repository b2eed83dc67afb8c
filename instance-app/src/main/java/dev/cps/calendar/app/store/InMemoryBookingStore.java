package dev.cps.calendar.app.store;

import dev.cps.calendar.api.ChangeFeed;
import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.domain.BookingConflictException;
import dev.cps.calendar.app.domain.BookingNotFoundException;
import dev.cps.calendar.app.domain.DaySchedule;
import dev.cps.calendar.app.domain.Slot;

import java.time.LocalDate;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The store of the demo mode (no Redis): one process, forgotten on exit. */
public final class InMemoryBookingStore implements BookingStore {

    private static final int REPLAYABLE_CHANGES = 1000;

    private final BookingView view = new BookingView();
    private final InMemoryChangeLog log = new InMemoryChangeLog(REPLAYABLE_CHANGES);
    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();

    @Override
    public synchronized Booking create(Booking booking) {
        view.day(booking.date()).conflictWith(booking, false).ifPresent(existing -> {
            throw new BookingConflictException(booking, existing);
        });
        Change change = log.append(ChangeFeed.BOOKING_CREATED, BookingJson.eventData(booking));
        view.put(booking, change.id());
        publish(change);
        return booking;
    }

    @Override
    public synchronized Booking update(Booking wanted) {
        DaySchedule day = view.day(wanted.date());
        Booking current = day.startingAt(wanted.startHour())
                .orElseThrow(() -> new BookingNotFoundException(wanted.slot()));
        Booking booking = wanted.withCreatedAt(current.createdAt());
        day.conflictWith(booking, true).ifPresent(existing -> {
            throw new BookingConflictException(booking, existing);
        });
        Change change = log.append(ChangeFeed.BOOKING_UPDATED, BookingJson.eventData(booking));
        view.put(booking, change.id());
        publish(change);
        return booking;
    }

    @Override
    public synchronized void delete(Slot slot) {
        if (view.day(slot.date()).startingAt(slot.hour()).isEmpty()) {
            throw new BookingNotFoundException(slot);
        }
        Change change = log.append(ChangeFeed.BOOKING_DELETED, BookingJson.deletedData(slot));
        view.remove(slot, change.id());
        publish(change);
    }

    @Override
    public DaySchedule day(LocalDate date) {
        return view.day(date);
    }

    @Override
    public NavigableMap<LocalDate, DaySchedule> between(LocalDate from, LocalDate to) {
        return view.between(from, to);
    }

    @Override
    public void subscribe(ChangeListener listener) {
        listeners.add(listener);
    }

    @Override
    public Optional<List<Change>> changesAfter(StreamId id, int limit) {
        return log.after(id).filter(missed -> missed.size() <= limit);
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public void close() {
        listeners.clear();
    }

    // called with the store's lock held, so listeners hear changes in feed order
    private void publish(Change change) {
        for (ChangeListener listener : listeners) {
            listener.onChange(change);
        }
    }
}
