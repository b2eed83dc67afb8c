package dev.cps.calendar.app.domain;

/** A request that breaks a booking rule; the message says which rule, in words a person understands. */
public class InvalidBookingException extends RuntimeException {

    public InvalidBookingException(String message) {
        super(message);
    }
}
