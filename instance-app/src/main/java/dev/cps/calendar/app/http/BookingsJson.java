package dev.cps.calendar.app.http;

import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.StoredBooking;
import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.domain.DaySchedule;
import dev.cps.calendar.app.store.BookingJson;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The API's bookings of a range of days. A day, {@code {"10:00": }{@link StoredBooking}{@code , ...}}, is
 * written by the contract's mapper once per version of it (schedules are immutable) into ready bytes, so
 * reading a week copies bytes instead of serialising every booking again.
 */
final class BookingsJson {

    /** Up to this size a range is answered from one array (with a Content-Length), beyond it streamed day by day. */
    static final int WHOLE_BODY_BYTES = 64 * 1024;
    private static final long EMPTY_RANGE = 0x9e3779b97f4a7c15L;

    private BookingsJson() {
    }

    /** {@code {"10:00": {user, duration, createdAt}, ...}} */
    static DayJson day(DaySchedule day) {
        return day.rendered(BookingsJson::render);
    }

    /** The ETag of a range: changes when any day in it does, or a day comes or goes. */
    static String tagOf(Collection<DaySchedule> days) {
        long hash = EMPTY_RANGE;
        for (DaySchedule day : days) {
            hash = hash * 0x100000001b3L ^ day(day).hash();
        }
        return EntityTag.of(hash);
    }

    /** Bytes of {@code {"2024-01-21": {"10:00": {...}}, ...}}, only the days that have bookings; null past {@link #WHOLE_BODY_BYTES}. */
    static byte[] wholeBody(Collection<DaySchedule> days) {
        int size = 2 + Math.max(0, days.size() - 1);
        for (DaySchedule day : days) {
            size += day(day).entry().length;
            if (size > WHOLE_BODY_BYTES) {
                return null;
            }
        }
        byte[] body = new byte[size];
        int at = 0;
        body[at++] = '{';
        for (DaySchedule day : days) {
            if (at > 1) {
                body[at++] = ',';
            }
            byte[] entry = day(day).entry();
            System.arraycopy(entry, 0, body, at, entry.length);
            at += entry.length;
        }
        body[at] = '}';
        return body;
    }

    /** The same as {@link #wholeBody}, written as it is read: a large calendar costs no more memory than one day. */
    static void writeDays(Collection<DaySchedule> days, OutputStream out) throws IOException {
        out.write('{');
        boolean first = true;
        for (DaySchedule day : days) {
            if (!first) {
                out.write(',');
            }
            first = false;
            out.write(day(day).entry());
        }
        out.write('}');
    }

    private static DayJson render(DaySchedule day) {
        Map<String, StoredBooking> byTime = new LinkedHashMap<>();
        for (Booking booking : day.bookings()) {
            byTime.put(booking.time(), BookingJson.stored(booking));
        }
        return DayJson.of(day.date(), ContractJson.write(byTime));
    }
}
