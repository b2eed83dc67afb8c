package dev.cps.calendar.app.store;

import dev.cps.calendar.api.ChangeFeed;
import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.domain.BookingConflictException;
import dev.cps.calendar.app.domain.BookingNotFoundException;
import dev.cps.calendar.app.domain.DaySchedule;
import dev.cps.calendar.app.domain.InvalidBookingException;
import dev.cps.calendar.app.domain.Slot;
import dev.cps.calendar.app.feed.Change;
import dev.cps.calendar.app.feed.ChangeListener;
import dev.cps.calendar.app.feed.InMemoryChangeLog;
import dev.cps.calendar.app.feed.StreamId;
import dev.cps.calendar.app.history.ChangeHistory;
import dev.cps.calendar.app.history.ChangeOrigin;
import dev.cps.calendar.app.history.HistoryAction;
import dev.cps.calendar.app.history.HistoryEntryJson;
import dev.cps.calendar.app.history.HistoryRetention;
import dev.cps.calendar.app.history.InMemoryHistory;
import dev.cps.calendar.app.transfer.DayImport;

import java.time.LocalDate;
import java.util.ArrayList;
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
    private final InMemoryHistory history;

    public InMemoryBookingStore() {
        this(HistoryRetention.DEFAULT);
    }

    public InMemoryBookingStore(HistoryRetention retention) {
        this.history = new InMemoryHistory(retention);
    }

    @Override
    public synchronized Booking create(Booking booking, ChangeOrigin origin) {
        requireFree(view.day(booking.date()), booking, false);
        Change change = log.append(ChangeFeed.BOOKING_CREATED, BookingJson.eventData(booking));
        view.put(booking, change.id());
        remember(change, HistoryAction.created, null, booking, origin);
        publish(change);
        return booking;
    }

    @Override
    public synchronized Booking update(Booking wanted, ChangeOrigin origin) {
        DaySchedule day = view.day(wanted.date());
        Booking current = day.startingAt(wanted.startHour())
                .orElseThrow(() -> new BookingNotFoundException(wanted.slot()));
        Booking booking = wanted.revisionOf(current);
        requireFree(day, booking, true);
        Change change = log.append(ChangeFeed.BOOKING_UPDATED, BookingJson.eventData(booking));
        view.put(booking, change.id());
        remember(change, current.user().equals(booking.user()) ? HistoryAction.changed : HistoryAction.userChanged,
                current, booking, origin);
        publish(change);
        return booking;
    }

    @Override
    public synchronized Booking delete(Slot slot, ChangeOrigin origin) {
        Booking current = view.day(slot.date()).startingAt(slot.hour()).orElseThrow(() -> new BookingNotFoundException(slot));
        Change change = log.append(ChangeFeed.BOOKING_DELETED, BookingJson.deletedData(slot));
        view.remove(slot, change.id());
        remember(change, HistoryAction.deleted, current, null, origin);
        publish(change);
        return current;
    }

    @Override
    public synchronized Booking move(Slot from, Slot to, int endBy, ChangeOrigin origin) {
        Booking current = view.day(from.date()).startingAt(from.hour()).orElseThrow(() -> new BookingNotFoundException(from));
        if (to.hour() + current.duration() > endBy) {
            throw new InvalidBookingException("a " + current.duration() + "-hour booking at " + to.time()
                    + " would end after " + Slot.time(endBy) + ", when the bookable hours end");
        }
        Booking moved = current.movedTo(to);
        DaySchedule target = view.day(to.date());
        target = to.date().equals(from.date()) ? target.without(from.hour()) : target;
        requireFree(target, moved, false);
        Change gone = log.append(ChangeFeed.BOOKING_DELETED, BookingJson.deletedData(from));
        view.remove(from, gone.id());
        Change came = log.append(ChangeFeed.BOOKING_CREATED, BookingJson.eventData(moved));
        view.put(moved, came.id());
        remember(came, HistoryAction.moved, current, moved, origin);
        publish(gone);
        publish(came);
        return moved;
    }

    @Override
    public synchronized DayImport importDay(LocalDate date, List<Booking> bookings, boolean dryRun, ChangeOrigin origin) {
        DaySchedule day = view.day(date);
        List<Booking> created = new ArrayList<>();
        List<Booking> same = new ArrayList<>();
        List<DayImport.Conflict> conflicts = new ArrayList<>();
        for (Booking booking : bookings) {
            if (!booking.date().equals(date)) {
                throw new IllegalArgumentException("a booking of " + booking.date() + " in the import of " + date);
            }
            Optional<Booking> there = day.startingAt(booking.startHour()).filter(booking::equals);
            if (there.isPresent()) {
                same.add(there.get());
                continue;
            }
            Optional<Booking> overlapping = day.conflictWith(booking, false);
            if (overlapping.isPresent()) {
                conflicts.add(new DayImport.Conflict(booking, overlapping.get()));
                continue;
            }
            day = day.with(booking);
            created.add(booking);
        }
        if (!dryRun) {
            for (Booking booking : created) {
                Change change = log.append(ChangeFeed.BOOKING_CREATED, BookingJson.eventData(booking));
                view.put(booking, change.id());
                remember(change, HistoryAction.created, null, booking, origin);
                publish(change);
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

    private static void requireFree(DaySchedule day, Booking booking, boolean replacing) {
        day.conflictWith(booking, replacing).ifPresent(existing -> {
            throw new BookingConflictException(booking, existing);
        });
    }

    private void remember(Change change, HistoryAction action, Booking before, Booking after, ChangeOrigin origin) {
        history.record(change.id(), HistoryEntryJson.stored(action, Optional.ofNullable(before), Optional.ofNullable(after), origin));
    }

    // called with the store's lock held, so listeners hear changes in feed order
    private void publish(Change change) {
        for (ChangeListener listener : listeners) {
            listener.onChange(change);
        }
    }
}
