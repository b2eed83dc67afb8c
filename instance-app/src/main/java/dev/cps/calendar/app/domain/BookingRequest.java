package dev.cps.calendar.app.domain;

/**
 * What a client asks for, before any rule is checked: each value as sent, {@code null} when missing.
 * {@link BookingRules} turns it into a {@link Booking} or says what is wrong.
 */
public record BookingRequest(String date, String time, String user, Integer duration) {
}
