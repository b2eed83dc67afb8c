package dev.cps.calendar.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A booking as Redis stores it: the value of field {@code HH:00} (its start hour) of the day hash
 * {@link InstanceKeys#bookingDay}, {@code {"user","duration","createdAt","sequence"?}}; {@code sequence}
 * is left out while it is 0 (a booking never changed), as it always was. The app writes it (and shows it
 * as the day of {@code GET /api/bookings/{date}}); the operator reads it to tell which bookings an edit of
 * the calendar left behind ({@link BookingFit}). A value that is not a whole booking does not construct:
 * both sides then skip it.
 *
 * @param createdAt an ISO-8601 instant, kept as written (it names the booking, e.g. its iCalendar UID)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"user", "duration", "createdAt", "sequence"})
public record StoredBooking(String user, int duration, String createdAt,
                            @JsonInclude(JsonInclude.Include.NON_DEFAULT) int sequence) {

    public StoredBooking {
        if (user == null || createdAt == null) {
            throw new IllegalArgumentException("a booking needs user, duration and createdAt");
        }
        if (duration < 1) {
            throw new IllegalArgumentException("a booking's duration must be a whole number of hours, 1 or more");
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("a booking's sequence must be a whole number, 0 or more");
        }
        try {
            Instant.parse(createdAt);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("createdAt is not an ISO-8601 instant");
        }
    }

    public StoredBooking(String user, int duration, String createdAt) {
        this(user, duration, createdAt, 0);
    }
}
