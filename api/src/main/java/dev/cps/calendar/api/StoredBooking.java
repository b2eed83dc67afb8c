package dev.cps.calendar.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A booking as Redis stores it: the value of field {@code HH:00} (its start hour) of the day hash
 * {@link InstanceKeys#bookingDay}. The app writes it; the operator reads it to tell which bookings
 * an edit of the calendar left behind ({@link BookingFit}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StoredBooking(String user, int duration, String createdAt) {
}
