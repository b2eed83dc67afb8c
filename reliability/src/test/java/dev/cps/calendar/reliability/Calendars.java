package dev.cps.calendar.reliability;

import dev.cps.calendar.api.UserColor;
import dev.cps.calendar.api.BookableHours;
import dev.cps.calendar.api.CalendarUser;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.app.AppSettings;
import dev.cps.calendar.app.InstanceApp;
import dev.cps.calendar.app.access.AbuseLimits;
import dev.cps.calendar.operator.redis.ConfigSeeder;
import dev.cps.calendar.operator.redis.RedisAdmin;
import dev.cps.calendar.operator.settings.OperatorSettings;
import dev.cps.calendar.testing.RedisServer;
import dev.cps.calendar.testing.SeededApp;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Calendars as the operator leaves them in Redis: the config, and the change that announces it. */
final class Calendars {

    static final CalendarUser JACK = new CalendarUser("Jack", "j", UserColor.NAMED.get("green").hex());
    static final CalendarUser BONNIE = new CalendarUser("Bonnie", "b", UserColor.NAMED.get("red").hex());
    static final CalendarUser CLYDE = new CalendarUser("Clyde", "c", UserColor.NAMED.get("purple").hex());

    /**
     * The suite's load comes from one address, far past what a person sends: these tests are about the
     * store and the HTTP layer, so the per-address write limit is lifted (the access tests check it).
     */
    static final AbuseLimits ONE_BUSY_ADDRESS = AbuseLimits.DEFAULT.withWritesPerMinute(1_000_000, 1_000_000);

    private Calendars() {
    }

    /** Jack, Bonnie and Clyde's calendar, bookable 08:00-18:00 UTC. */
    static InstanceConfig jackBonnieAndClyde(String slug) {
        return config(slug, "Eclipse Financial Solutions", "xplan", List.of(JACK, BONNIE, CLYDE));
    }

    static InstanceConfig config(String slug, String title, String subtitle, List<CalendarUser> users) {
        Instant now = Instant.now();
        return new InstanceConfig(slug, title, subtitle, InstanceConfig.displayTitle(title, subtitle), users, Map.of(),
                "UTC", BookableHours.DEFAULT, now, now);
    }

    /** Jack, Bonnie and Clyde's calendar {@code slug} seeded into a new {@code redis} and served by an app, for one test or class. */
    static SeededApp<InstanceApp> jackBonnieAndClydeApp(String slug, Supplier<RedisServer> redis) {
        return SeededApp.of(redis, r -> seed(r.url(), jackBonnieAndClyde(slug)),
                r -> InstanceApp.start(new AppSettings(slug, Optional.of(r.url()), 0), ONE_BUSY_ADDRESS));
    }

    /** Seeds the calendar as the operator does (its own ConfigSeeder: SET the config, then XADD config-changed). */
    static void seed(String adminUrl, InstanceConfig config) {
        try (RedisAdmin admin = RedisAdmin.connect(OperatorSettings.fromEnvironment(Map.of("REDIS_URL", adminUrl)))) {
            new ConfigSeeder(admin, Clock.systemUTC()).seed(config);
        }
    }
}
