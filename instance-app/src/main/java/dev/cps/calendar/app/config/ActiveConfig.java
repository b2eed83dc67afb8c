package dev.cps.calendar.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cps.calendar.api.BookableHours;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.app.domain.BookingRules;

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

    /** Reads the config JSON as stored in Redis or sent on the change feed. */
    public static ActiveConfig parse(String json) {
        return of(ContractJson.readConfig(json));
    }

    static InstanceConfig resolve(InstanceConfig stored) {
        InstanceConfig c = stored.withDefaults();
        BookableHours hours = c.hours().isValid() ? c.hours() : BookableHours.DEFAULT;
        return new InstanceConfig(c.slug(), c.title(), c.subtitle(), c.displayTitle(), c.users(), c.colors(),
                c.timezone(), hours, c.createdAt(), c.updatedAt(), c.access());
    }
}
