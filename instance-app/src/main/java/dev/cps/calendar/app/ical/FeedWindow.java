package dev.cps.calendar.app.ical;

import java.time.LocalDate;

/** The days a feed covers, so its size stays bounded: 90 days back and a year ahead of today. */
public record FeedWindow(LocalDate from, LocalDate to) {

    public static final int DAYS_BACK = 90;
    public static final int DAYS_AHEAD = 365;

    public static FeedWindow around(LocalDate today) {
        return new FeedWindow(today.minusDays(DAYS_BACK), today.plusDays(DAYS_AHEAD));
    }
}
