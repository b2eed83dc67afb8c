package dev.cps.calendar.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One person who books on a calendar.
 *
 * @param name  shown in the legend and on bookings
 * @param key   the hotkey that books for this user: see {@link #KEY_PATTERN}
 * @param color resolved color, {@code #rrggbb}; see {@link UserColor}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CalendarUser(String name, String key, String color) {

    /** A letter, or a digit but 1, 2 and 3: on the page those keys choose the booking length. */
    public static final String KEY_PATTERN = "^[A-Za-z04-9]$";
}
