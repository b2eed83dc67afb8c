package dev.cps.calendar.app.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cps.calendar.api.StoredBooking;
import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.store.BookingJson;

/**
 * One booking with its place, flat: {@code {date, time, user, duration, createdAt, sequence?}}, the
 * stored booking ({@link StoredBooking}) after its date and time. What a write answers, and a booking
 * of the export document.
 */
@JsonPropertyOrder({"date", "time", "user", "duration", "createdAt", "sequence"})
public record BookingAnswer(String date, String time, String user, int duration, String createdAt,
                            @JsonInclude(JsonInclude.Include.NON_DEFAULT) int sequence) {

    public static BookingAnswer of(Booking booking) {
        StoredBooking stored = BookingJson.stored(booking);
        return new BookingAnswer(booking.date().toString(), booking.time(), stored.user(), stored.duration(),
                stored.createdAt(), stored.sequence());
    }
}
