package dev.cps.calendar.operator.reconciler;

import dev.cps.calendar.api.BookableHours;
import dev.cps.calendar.api.CalendarUser;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.api.UserColor;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.CalendarInstanceSpec;
import dev.cps.calendar.operator.customresource.UserSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The instance config the app reads, made from the resource's spec (times are filled in when it is written). */
public final class DesiredConfig {

    private DesiredConfig() {
    }

    public static InstanceConfig of(CalendarInstance instance) {
        CalendarInstanceSpec spec = instance.getSpec();
        List<CalendarUser> users = new ArrayList<>();
        Map<String, String> colors = new LinkedHashMap<>();
        for (int position = 1; position <= spec.getUsers().size(); position++) {
            UserSpec user = spec.getUsers().get(position - 1);
            String given = spec.getColors() == null ? null : spec.getColors().forPosition(position);
            if (given != null) {
                colors.put(UserColor.positionKey(position), given);
            }
            users.add(new CalendarUser(user.getName(), user.getKey(), UserColor.forPosition(position, given).css()));
        }
        String timezone = spec.getTimezone() == null || spec.getTimezone().isBlank()
                ? InstanceConfig.DEFAULT_TIMEZONE : spec.getTimezone();
        String subtitle = spec.getSubtitle() == null || spec.getSubtitle().isBlank() ? null : spec.getSubtitle();
        return new InstanceConfig(instance.slug(), spec.getTitle(), subtitle,
                InstanceConfig.displayTitle(spec.getTitle(), subtitle), List.copyOf(users), Map.copyOf(colors),
                timezone, hoursOf(spec), null, null, null, spec.getHistoryRetentionDays() == null
                        ? InstanceConfig.DEFAULT_HISTORY_RETENTION_DAYS : spec.getHistoryRetentionDays());
    }

    static BookableHours hoursOf(CalendarInstanceSpec spec) {
        if (spec.getHours() == null) {
            return BookableHours.DEFAULT;
        }
        int start = spec.getHours().getStart() == null ? BookableHours.DEFAULT.start() : spec.getHours().getStart();
        int end = spec.getHours().getEnd() == null ? BookableHours.DEFAULT.end() : spec.getHours().getEnd();
        return new BookableHours(start, end);
    }
}
