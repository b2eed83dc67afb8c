package dev.cps.calendar.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cps.calendar.api.BookableHours;
import dev.cps.calendar.api.CalendarUser;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.api.UserColor;
import dev.cps.calendar.app.domain.BookingRules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The config a calendar runs with: the stored one with every optional field defaulted and each
 * user's color resolved to CSS {@code rgb(r, g, b)}, its JSON (what {@code GET /api/config} and
 * the {@code config-changed} event carry) and the booking rules it implies.
 */
public record ActiveConfig(InstanceConfig config, String json, BookingRules rules) {

    public static ActiveConfig of(InstanceConfig stored) {
        InstanceConfig complete = resolve(stored);
        try {
            return new ActiveConfig(complete, ContractJson.MAPPER.writeValueAsString(complete), new BookingRules(complete));
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
        Map<String, String> colors = c.colors();
        List<CalendarUser> users = new ArrayList<>();
        for (int i = 0; i < c.users().size(); i++) {
            CalendarUser user = c.users().get(i);
            int position = i + 1;
            String css = UserColor.parseCss(user.color())
                    .or(() -> UserColor.parse(colors.get(UserColor.positionKey(position))))
                    .orElse(UserColor.defaultFor(position))
                    .css();
            users.add(new CalendarUser(user.name(), user.key(), css));
        }
        BookableHours hours = c.hours().isValid() ? c.hours() : BookableHours.DEFAULT;
        return new InstanceConfig(c.slug(), c.title(), c.subtitle(), c.displayTitle(), List.copyOf(users), colors,
                c.timezone(), hours, c.createdAt(), c.updatedAt());
    }
}
