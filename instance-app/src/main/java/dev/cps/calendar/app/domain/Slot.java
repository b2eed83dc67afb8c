package dev.cps.calendar.app.domain;

import java.time.LocalDate;

/** Where a booking starts: a date and a whole hour of that day, in the instance's local time. */
public record Slot(LocalDate date, int hour) {

    public Slot {
        if (date == null) {
            throw new IllegalArgumentException("a slot needs a date");
        }
        if (hour < 0 || hour > 23) {
            throw new IllegalArgumentException("hour must be 0-23, got " + hour);
        }
    }

    /** {@code HH:00}, the form times take in the API and in Redis. */
    public String time() {
        return time(hour);
    }

    /** {@code HH:00}; 24 gives {@code 24:00}, the end of a day. */
    public static String time(int hour) {
        return (hour < 10 ? "0" : "") + hour + ":00";
    }

    @Override
    public String toString() {
        return date + " " + time();
    }
}
