package dev.cps.calendar.app.http;

import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.domain.DaySchedule;
import dev.cps.calendar.app.store.BookingJson;

import java.io.IOException;
import java.io.Writer;
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

    /** {@code {"2024-01-21": {"10:00": {...}}, ...}}, only the days that have bookings, written as it is read. */
    static void writeDays(Map<LocalDate, DaySchedule> days, Writer out) throws IOException {
        out.write('{');
        boolean first = true;
        for (DaySchedule day : days.values()) {
            if (!first) {
                out.write(',');
            }
            first = false;
            out.write('"');
            out.write(day.date().toString());
            out.write("\":");
            out.write(day(day));
        }
        out.write('}');
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
