package dev.cps.calendar.app.domain;

/** The hours a booking asks for are (partly) taken by another booking. */
public class BookingConflictException extends RuntimeException {

    public BookingConflictException(Booking wanted, Booking existing) {
        super(Slot.time(wanted.startHour()) + "-" + Slot.time(wanted.endHour())
                + " on " + wanted.date() + " overlaps the booking of " + existing.describe());
    }
}
