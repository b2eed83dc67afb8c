package dev.cps.calendar.app.http;

import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.domain.DaySchedule;
import dev.cps.calendar.app.store.BookingJson;

import java.time.LocalDate;
import java.util.Map;

/**
 * The API's booking JSON. A day is rendered once per version of it (schedules are immutable),
 * so reading a week is mostly string concatenation.
 */
final class BookingsJson {

    private BookingsJson() {
    }

    /** {@code {"10:00": {user, duration, createdAt}, ...}} */
    static String day(DaySchedule day) {
        return day.rendered(BookingsJson::render);
    }

    /** {@code {"2024-01-21": {"10:00": {...}}, ...}}, only the days that have bookings. */
    static String days(Map<LocalDate, DaySchedule> days) {
        StringBuilder json = new StringBuilder(64 + days.size() * 160).append('{');
        for (DaySchedule day : days.values()) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(day.date()).append("\":").append(day(day));
        }
        return json.append('}').toString();
    }

    /** {@code {date, time, user, duration, createdAt}}: one booking, as a write answers. */
    static String booking(Booking booking) {
        String value = BookingJson.value(booking);
        return "{\"date\":\"" + booking.date() + "\",\"time\":\"" + booking.time() + "\"," + value.substring(1);
    }

    private static String render(DaySchedule day) {
        StringBuilder json = new StringBuilder(32 + day.bookings().size() * 80).append('{');
        for (Booking booking : day.bookings()) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(booking.time()).append("\":").append(BookingJson.value(booking));
        }
        return json.append('}').toString();
    }
}
