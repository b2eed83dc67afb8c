package dev.cps.calendar.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The config of one calendar instance, stored as JSON at {@link InstanceKeys#config()}.
 * The operator writes it with final values (the display title, each user's {@code #rrggbb} color,
 * the zone and the hours); the app reads it, ignoring fields it does not know, and normalises what
 * an older writer left out in one place (the app's ActiveConfig).
 *
 * @param displayTitle the page title: {@code "<title> - <subtitle>"}, or the title alone
 * @param colors       read only, from configs older operators wrote: their colors by position
 *                     ({@code user1} ...), for users stored without a color. Never written.
 * @param timezone     IANA zone id; dates and hours of bookings are local to it
 * @param access       who may open the calendar; holds secrets, so it never leaves the app. Absent (as
 *                     in configs written before it existed): {@link InstanceAccess#PUBLIC}
 * @param historyRetentionDays how long the history of changes is kept; absent (older operators):
 *                     {@link #DEFAULT_HISTORY_RETENTION_DAYS}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InstanceConfig(
        String slug,
        String title,
        String subtitle,
        String displayTitle,
        List<CalendarUser> users,
        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) Map<String, String> colors,
        String timezone,
        BookableHours hours,
        Instant createdAt,
        Instant updatedAt,
        InstanceAccess access,
        Integer historyRetentionDays) {

    public static final String DEFAULT_TIMEZONE = "UTC";
    /** Days of history a calendar keeps when its resource does not say. */
    public static final int DEFAULT_HISTORY_RETENTION_DAYS = 90;

    public InstanceConfig(String slug, String title, String subtitle, String displayTitle, List<CalendarUser> users,
                          Map<String, String> colors, String timezone, BookableHours hours, Instant createdAt,
                          Instant updatedAt, InstanceAccess access) {
        this(slug, title, subtitle, displayTitle, users, colors, timezone, hours, createdAt, updatedAt, access, null);
    }

    /** A config without an access section: a {@link AccessMode#Public} calendar. */
    public InstanceConfig(String slug, String title, String subtitle, String displayTitle, List<CalendarUser> users,
                          Map<String, String> colors, String timezone, BookableHours hours, Instant createdAt,
                          Instant updatedAt) {
        this(slug, title, subtitle, displayTitle, users, colors, timezone, hours, createdAt, updatedAt, null, null);
    }

    public InstanceConfig withAccess(InstanceAccess newAccess) {
        return new InstanceConfig(slug, title, subtitle, displayTitle, users, colors, timezone, hours, createdAt, updatedAt,
                newAccess, historyRetentionDays);
    }

    public InstanceConfig withTimes(Instant newCreatedAt, Instant newUpdatedAt) {
        return new InstanceConfig(slug, title, subtitle, displayTitle, users, colors, timezone, hours, newCreatedAt,
                newUpdatedAt, access, historyRetentionDays);
    }

    public InstanceConfig withHistoryRetentionDays(Integer days) {
        return new InstanceConfig(slug, title, subtitle, displayTitle, users, colors, timezone, hours, createdAt,
                updatedAt, access, days);
    }

    /** The access rules in force: {@link InstanceAccess#PUBLIC} when the config has none. */
    public InstanceAccess accessOrPublic() {
        return InstanceAccess.orPublic(access);
    }

    public static String displayTitle(String title, String subtitle) {
        return subtitle == null || subtitle.isBlank() ? title : title + " - " + subtitle;
    }
}
