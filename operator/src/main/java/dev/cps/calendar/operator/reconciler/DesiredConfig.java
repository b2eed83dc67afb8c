package dev.cps.calendar.operator.reconciler;

import dev.cps.calendar.api.BookableHours;
import dev.cps.calendar.api.CalendarUser;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.api.UserColor;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.CalendarInstanceSpec;
import dev.cps.calendar.operator.customresource.UserSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The instance config the app reads, made from the resource's spec with every default resolved here:
 * the display title, each user's color as {@code #rrggbb}, the zone and the hours (times are filled in
 * when it is written).
 */
public final class DesiredConfig {

    private DesiredConfig() {
    }

    public static InstanceConfig of(CalendarInstance instance) {
        CalendarInstanceSpec spec = instance.getSpec();
        List<CalendarUser> users = new ArrayList<>();
        for (int position = 1; position <= spec.getUsers().size(); position++) {
            UserSpec user = spec.getUsers().get(position - 1);
            String given = spec.getColors() == null ? null : spec.getColors().forPosition(position);
            users.add(new CalendarUser(user.getName(), user.getKey(), UserColor.forPosition(position, given).hex()));
        }
        String timezone = spec.getTimezone() == null || spec.getTimezone().isBlank()
                ? InstanceConfig.DEFAULT_TIMEZONE : spec.getTimezone();
        String subtitle = spec.getSubtitle() == null || spec.getSubtitle().isBlank() ? null : spec.getSubtitle();
        return new InstanceConfig(instance.slug(), spec.getTitle(), subtitle,
                InstanceConfig.displayTitle(spec.getTitle(), subtitle), List.copyOf(users), null,
                timezone, hoursOf(spec), null, null, null, spec.getHistoryRetentionDays() == null
                        ? InstanceConfig.DEFAULT_HISTORY_RETENTION_DAYS : spec.getHistoryRetentionDays());
    }

    static BookableHours hoursOf(CalendarInstanceSpec spec) {
        if (spec.getHours() == null) {
            return BookableHours.DEFAULT;
        }
        int start = spec.getHours().getStart() == null ? BookableHours.DEFAULT_START : spec.getHours().getStart();
        int end = spec.getHours().getEnd() == null ? BookableHours.DEFAULT_END : spec.getHours().getEnd();
        return new BookableHours(start, end);
    }
}
