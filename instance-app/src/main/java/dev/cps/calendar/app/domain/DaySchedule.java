package dev.cps.calendar.app.domain;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The bookings of one day by start hour. Immutable: a change makes a new schedule, so readers
 * never see half a change and a rendering of it can be kept as long as the schedule lives.
 */
public final class DaySchedule {

    private final LocalDate date;
    private final TreeMap<Integer, Booking> byStartHour;
    private volatile Object rendered;

    private DaySchedule(LocalDate date, TreeMap<Integer, Booking> byStartHour) {
        this.date = date;
        this.byStartHour = byStartHour;
    }

    public static DaySchedule empty(LocalDate date) {
        return new DaySchedule(date, new TreeMap<>());
    }

    public LocalDate date() {
        return date;
    }

    public boolean isEmpty() {
        return byStartHour.isEmpty();
    }

    /** In order of start hour. */
    public Collection<Booking> bookings() {
        return Collections.unmodifiableCollection(byStartHour.values());
    }

    public Optional<Booking> startingAt(int hour) {
        return Optional.ofNullable(byStartHour.get(hour));
    }

    /**
     * The booking that shares an hour with {@code wanted}, if any. A booking that starts where
     * {@code wanted} starts is ignored when {@code replacing} (an update of that booking).
     */
    public Optional<Booking> conflictWith(Booking wanted, boolean replacing) {
        for (Booking existing : byStartHour.values()) {
            if (replacing && existing.startHour() == wanted.startHour()) {
                continue;
            }
            if (existing.overlaps(wanted)) {
                return Optional.of(existing);
            }
        }
        return Optional.empty();
    }

    public DaySchedule with(Booking booking) {
        if (!booking.date().equals(date)) {
            throw new IllegalArgumentException("booking of " + booking.date() + " in the schedule of " + date);
        }
        TreeMap<Integer, Booking> copy = new TreeMap<>(byStartHour);
        copy.put(booking.startHour(), booking);
        return new DaySchedule(date, copy);
    }

    public DaySchedule without(int startHour) {
        if (!byStartHour.containsKey(startHour)) {
            return this;
        }
        TreeMap<Integer, Booking> copy = new TreeMap<>(byStartHour);
        copy.remove(startHour);
        return new DaySchedule(date, copy);
    }

    /**
     * A rendering of this schedule (say, its JSON), computed once: the schedule never changes,
     * so neither does its rendering. One renderer per schedule is assumed.
     */
    @SuppressWarnings("unchecked")
    public <T> T rendered(Function<DaySchedule, T> renderer) {
        Object value = rendered;
        if (value == null) {
            value = renderer.apply(this);
            rendered = value;
        }
        return (T) value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DaySchedule other && date.equals(other.date) && byStartHour.equals(other.byStartHour);
    }

    @Override
    public int hashCode() {
        return date.hashCode() * 31 + byStartHour.hashCode();
    }

    @Override
    public String toString() {
        return date + " " + byStartHour.values();
    }
}
