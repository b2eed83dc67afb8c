package dev.cps.calendar.app.domain;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A booking: {@code user} holds {@code duration} hours of {@code date} from {@code startHour}.
 * A booking at 10:00 for 2 hours occupies 10:00 and 11:00. {@code createdAt} stays through changes and
 * moves (it names the booking, e.g. its iCalendar UID); {@code sequence} counts them (its SEQUENCE).
 */
public record Booking(LocalDate date, int startHour, String user, int duration, Instant createdAt, int sequence) {

    public Booking(LocalDate date, int startHour, String user, int duration, Instant createdAt) {
        this(date, startHour, user, duration, createdAt, 0);
    }

    public Booking {
        if (sequence < 0) {
            throw new IllegalArgumentException("a booking's sequence cannot be negative: " + sequence);
        }
        if (date == null || user == null || createdAt == null) {
            throw new IllegalArgumentException("a booking needs a date, a user and a creation time");
        }
        if (startHour < 0 || duration < 1 || startHour + duration > 24) {
            throw new IllegalArgumentException("a booking must lie within one day: " + startHour + " + " + duration);
        }
    }

    public Slot slot() {
        return new Slot(date, startHour);
    }

    public String time() {
        return Slot.time(startHour);
    }

    /** The hour after the last one this booking occupies. */
    public int endHour() {
        return startHour + duration;
    }

    public boolean occupies(int hour) {
        return startHour <= hour && hour < endHour();
    }

    /** Two bookings overlap when they share a date and at least one hour. */
    public boolean overlaps(Booking other) {
        return date.equals(other.date) && startHour < other.endHour() && other.startHour < endHour();
    }

    public Booking withCreatedAt(Instant instant) {
        return new Booking(date, startHour, user, duration, instant, sequence);
    }

    /** This booking as a change of {@code before} makes it: the same creation time, one revision later. */
    public Booking revisionOf(Booking before) {
        return new Booking(date, startHour, user, duration, before.createdAt, before.sequence + 1);
    }

    /** The same booking starting at {@code to}, one revision later. */
    public Booking movedTo(Slot to) {
        return new Booking(to.date(), to.hour(), user, duration, createdAt, sequence + 1);
    }

    /** "Jack 10:00-12:00", for messages a person reads. */
    public String describe() {
        return user + " " + time() + "-" + Slot.time(endHour());
    }
}
