package dev.cps.calendar.app.domain;

/** No booking starts at the given slot. */
public class BookingNotFoundException extends RuntimeException {

    public BookingNotFoundException(Slot slot) {
        super("no booking starts at " + slot.time() + " on " + slot.date());
    }
}
