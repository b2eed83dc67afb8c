package dev.cps.calendar.app.store;

import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.domain.DaySchedule;
import dev.cps.calendar.app.domain.Slot;
import dev.cps.calendar.app.feed.StreamId;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The bookings of an instance held in memory, so a read never waits for Redis. Reads take no
 * lock. Changes carry the id of their feed entry and may arrive twice or out of order (the
 * writer applies its own change at once, the feed follower applies every change later): each
 * slot keeps the id of the change that last set it and ignores older ones, so the view converges
 * on the store. A reload from a snapshot sets a floor below which every change is already in it.
 */
public final class BookingView {

    private final ConcurrentSkipListMap<LocalDate, DaySchedule> days = new ConcurrentSkipListMap<>();
    private final Map<Slot, StreamId> versions = new HashMap<>();
    private StreamId floor = StreamId.ZERO;

    public DaySchedule day(LocalDate date) {
        DaySchedule day = days.get(date);
        return day != null ? day : DaySchedule.empty(date);
    }

    public NavigableMap<LocalDate, DaySchedule> between(LocalDate from, LocalDate to) {
        NavigableMap<LocalDate, DaySchedule> range;
        if (from != null && to != null) {
            range = from.isAfter(to) ? Collections.emptyNavigableMap() : days.subMap(from, true, to, true);
        } else if (from != null) {
            range = days.tailMap(from, true);
        } else if (to != null) {
            range = days.headMap(to, true);
        } else {
            range = days;
        }
        return Collections.unmodifiableNavigableMap(range);
    }

    /** Sets the booking at its slot, unless a newer change already set that slot. */
    public synchronized void put(Booking booking, StreamId version) {
        if (accept(booking.slot(), version)) {
            days.compute(booking.date(), (date, day) -> (day == null ? DaySchedule.empty(date) : day).with(booking));
        }
    }

    /** Clears the slot, unless a newer change already set it. */
    public synchronized void remove(Slot slot, StreamId version) {
        if (accept(slot, version)) {
            days.computeIfPresent(slot.date(), (date, day) -> {
                DaySchedule left = day.without(slot.hour());
                return left.isEmpty() ? null : left;
            });
        }
    }

    /** Replaces everything with a snapshot that includes every change up to {@code upTo}. */
    public synchronized void reload(Collection<Booking> bookings, StreamId upTo) {
        Map<LocalDate, DaySchedule> fresh = new HashMap<>();
        for (Booking booking : bookings) {
            fresh.compute(booking.date(), (date, day) -> (day == null ? DaySchedule.empty(date) : day).with(booking));
        }
        days.keySet().retainAll(fresh.keySet());
        fresh.forEach((date, day) -> {
            if (!day.equals(days.get(date))) {
                days.put(date, day);
            }
        });
        versions.clear();
        floor = upTo;
    }

    private boolean accept(Slot slot, StreamId version) {
        if (!version.isAfter(floor)) {
            return false;
        }
        StreamId last = versions.get(slot);
        if (last != null && !version.isAfter(last)) {
            return false;
        }
        versions.put(slot, version);
        return true;
    }
}
