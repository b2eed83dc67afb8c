package dev.cps.calendar.app.domain;

/** The hours a booking asks for are (partly) taken by another booking. */
public class BookingConflictException extends RuntimeException {

    private final Booking existing;

    public BookingConflictException(Booking wanted, Booking existing) {
        super(Slot.time(wanted.startHour()) + "-" + Slot.time(wanted.endHour())
                + " on " + wanted.date() + " overlaps the booking of " + existing.describe());
        this.existing = existing;
    }

    public Booking existing() {
        return existing;
    }
}
