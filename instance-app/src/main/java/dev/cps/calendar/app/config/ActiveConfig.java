package dev.cps.calendar.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cps.calendar.api.BookableHours;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.app.domain.BookingRules;

import java.time.ZoneId;

/**
 * The config a calendar runs with: the stored one with every optional field defaulted and each
 * user's color resolved to CSS {@code rgb(r, g, b)}, its JSON (what {@code GET /api/config} and
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
        InstanceConfig c = stored.withDefaults();
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

    static InstanceConfig resolve(InstanceConfig stored) {
        InstanceConfig c = stored.withDefaults();
        BookableHours hours = c.hours().isValid() ? c.hours() : BookableHours.DEFAULT;
        return new InstanceConfig(c.slug(), c.title(), c.subtitle(), c.displayTitle(), c.users(), c.colors(),
                c.timezone(), hours, c.createdAt(), c.updatedAt(), c.access(), c.historyRetentionDays());
    }
}
