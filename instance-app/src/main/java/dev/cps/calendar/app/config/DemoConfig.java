package dev.cps.calendar.app.config;

import dev.cps.calendar.api.BookableHours;
import dev.cps.calendar.api.CalendarUser;
import dev.cps.calendar.api.InstanceAccess;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.api.UserColor;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The calendar {@code java -jar} shows without Redis: three people, 8 to 18, UTC. */
public final class DemoConfig {

    private DemoConfig() {
    }

    public static InstanceConfig forSlug(String slug, Instant now) {
        return new InstanceConfig(slug, "Demo Calendar", "in-memory",
                InstanceConfig.displayTitle("Demo Calendar", "in-memory"),
                List.of(new CalendarUser("Jack", "j", UserColor.defaultFor(1).hex()),
                        new CalendarUser("Bonnie", "b", UserColor.defaultFor(2).hex()),
                        new CalendarUser("Clyde", "c", UserColor.defaultFor(3).hex())),
                Map.of(), InstanceConfig.DEFAULT_TIMEZONE, BookableHours.DEFAULT, now, now,
                // a feed token of this process only: the demo's subscription URLs work until it stops
                InstanceAccess.PUBLIC.withFeedToken(newFeedToken()));
    }

    private static String newFeedToken() {
        byte[] token = new byte[32];
        new java.security.SecureRandom().nextBytes(token);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }
}
