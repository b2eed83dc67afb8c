package dev.cps.calendar.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A booking with its place: the {@link ChangeFeed#DATA} of a booking entry of the change feed,
 * {@code {"date","time","booking":{...}}} for {@link ChangeFeed#BOOKING_CREATED} and
 * {@link ChangeFeed#BOOKING_UPDATED}, {@code {"date","time"}} (no booking) for
 * {@link ChangeFeed#BOOKING_DELETED}. The app's history stores its before and after in the same shape.
 *
 * @param date    {@code 2024-01-21}
 * @param time    the start, {@code HH:00}: the field of the day hash
 * @param booking the stored value; null for a deletion
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"date", "time", "booking"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlacedBooking(String date, String time, StoredBooking booking) {

    public PlacedBooking {
        if (date == null || time == null) {
            throw new IllegalArgumentException("a change of a booking needs its date and time");
        }
    }

    /** The data of a deletion: where the booking was. */
    public static PlacedBooking removed(String date, String time) {
        return new PlacedBooking(date, time, null);
    }
}
