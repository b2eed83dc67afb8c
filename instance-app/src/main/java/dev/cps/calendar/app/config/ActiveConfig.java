package dev.cps.calendar.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cps.calendar.api.BookableHours;
import dev.cps.calendar.api.CalendarUser;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.api.UserColor;
import dev.cps.calendar.app.domain.BookingRules;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The config a calendar runs with: the stored one normalised, here and nowhere else in the app (what
 * an older operator left out defaulted, each user's color as {@code #rrggbb}), its JSON (what {@code GET /api/config} and
 * the {@code config-changed} event carry, without the secret access section) and the booking rules it implies.
 */
public record ActiveConfig(InstanceConfig config, String json, BookingRules rules) {

    public static ActiveConfig of(InstanceConfig stored) {
        InstanceConfig complete = resolve(stored);
        try {
            // the access section holds the passcode hashes and the session key: never in what browsers get
            return new ActiveConfig(complete, ContractJson.MAPPER.writeValueAsString(complete.withAccess(null)),
                    new BookingRules(complete));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the config as JSON", e);
        }
    }

    /** Reads the config JSON as stored in Redis or sent on the change feed. @throws IllegalArgumentException if it cannot serve */
    public static ActiveConfig parse(String json) {
        return of(requireServable(ContractJson.readConfig(json)));
    }

    /** Reads the config of the calendar {@code slug}: one that names another calendar is refused too. */
    public static ActiveConfig parseFor(String slug, String json) {
        ActiveConfig config = parse(json);
        if (!slug.equals(config.config().slug())) {
            throw new IllegalArgumentException("it is the config of calendar \"" + config.config().slug()
                    + "\", not of \"" + slug + "\"");
        }
        return config;
    }

    /** What the operator checks too, checked again: a calendar cannot run with no users or an unknown zone. */
    private static InstanceConfig requireServable(InstanceConfig stored) {
        InstanceConfig c = resolve(stored);
        if (c.users().isEmpty()) {
            throw new IllegalArgumentException("it has no users");
        }
        try {
            ZoneId.of(c.timezone());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("its time zone \"" + c.timezone() + "\" is not a known IANA zone");
        }
        return stored;
    }

    /** The stored config with final values: the page and the booking rules take them as they are. */
    static InstanceConfig resolve(InstanceConfig stored) {
        Map<String, String> legacyColors = stored.colors() == null ? Map.of() : stored.colors();
        List<CalendarUser> users = new ArrayList<>();
        List<CalendarUser> given = stored.users() == null ? List.of() : stored.users();
        for (int i = 0; i < given.size(); i++) {
            int position = i + 1;
            CalendarUser user = given.get(i);
            String color = UserColor.parseStored(user.color())
                    .orElseGet(() -> UserColor.forPosition(position, legacyColors.get(UserColor.positionKey(position))))
                    .hex();
            users.add(new CalendarUser(user.name(), user.key(), color));
        }
        String displayTitle = stored.displayTitle() != null ? stored.displayTitle()
                : InstanceConfig.displayTitle(stored.title(), stored.subtitle());
        String timezone = stored.timezone() == null || stored.timezone().isBlank() ? InstanceConfig.DEFAULT_TIMEZONE : stored.timezone();
        BookableHours hours = stored.hours() != null && stored.hours().isValid() ? stored.hours() : BookableHours.DEFAULT;
        Integer retention = stored.historyRetentionDays() != null && stored.historyRetentionDays() > 0
                ? stored.historyRetentionDays() : InstanceConfig.DEFAULT_HISTORY_RETENTION_DAYS;
        return new InstanceConfig(stored.slug(), stored.title(), stored.subtitle(), displayTitle, List.copyOf(users), null,
                timezone, hours, stored.createdAt(), stored.updatedAt(), stored.access(), retention);
    }
}
