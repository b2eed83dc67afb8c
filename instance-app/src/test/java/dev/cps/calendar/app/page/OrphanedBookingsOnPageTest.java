package dev.cps.calendar.app.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.cps.calendar.api.BookableHours;
import dev.cps.calendar.api.CalendarUser;
import dev.cps.calendar.api.ChangeFeed;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.api.UserColor;
import dev.cps.calendar.app.AppSettings;
import dev.cps.calendar.app.InstanceApp;
import dev.cps.calendar.app.TestHttp;
import dev.cps.calendar.testing.Chromium;
import dev.cps.calendar.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.XAddParams;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.cps.calendar.app.TestHttp.booking;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bookings an edit left behind (a user removed, the hours narrowed) are listed by the API with why,
 * and on the page for an editor to give to a current user or remove; the grid cannot show them.
 */
class OrphanedBookingsOnPageTest {

    private static final String SLUG = "orphans";
    private static final InstanceKeys KEYS = InstanceKeys.of(SLUG);

    private static Chromium chromium;
    private static RedisServer redis;
    private static InstanceApp app;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        chromium = Chromium.launch();
        redis = RedisServer.start();
        operatorWrites(config(BookableHours.DEFAULT, "Jack", "Bonnie"));
        app = InstanceApp.start(new AppSettings(SLUG, Optional.of(redis.url()), 0));
        http = new TestHttp(app.port());
    }

    @AfterAll
    static void stop() {
        app.close();
        redis.close();
        chromium.close();
    }

    @Test
    void theApiAndThePageListWhatAnEditLeftBehindAndAnEditorResolvesIt() {
        String day = LocalDate.now(ZoneOffset.UTC).plusDays(3).toString();
        assertThat(http.send("POST", "/api/bookings", booking(day, "08:00", "Jack", 1)).status()).isEqualTo(201);
        assertThat(http.send("POST", "/api/bookings", booking(day, "10:00", "Bonnie", 2)).status()).isEqualTo(201);
        assertThat(http.send("POST", "/api/bookings", booking(day, "12:00", "Jack", 1)).status()).isEqualTo(201);
        assertThat(http.get("/api/orphaned-bookings").json().path("bookings")).isEmpty();

        operatorWrites(config(new BookableHours(9, 17), "Jack", "Clyde"));

        JsonNode orphaned = awaitOrphans(2);
        assertThat(orphaned.get(0).path("date").asText()).isEqualTo(day);
        assertThat(orphaned.get(0).path("time").asText()).isEqualTo("08:00");
        assertThat(orphaned.get(0).path("problem").asText()).isEqualTo("08:00-09:00 is outside the bookable hours 09:00-17:00");
        assertThat(orphaned.get(0).path("reassignable").asBoolean()).isFalse();
        assertThat(orphaned.get(1).path("time").asText()).isEqualTo("10:00");
        assertThat(orphaned.get(1).path("user").asText()).isEqualTo("Bonnie");
        assertThat(orphaned.get(1).path("problem").asText()).isEqualTo("Bonnie is no longer a user of this calendar");
        assertThat(orphaned.get(1).path("reassignable").asBoolean()).isTrue();

        BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setViewportSize(1280, 860));
        try (CalendarPage calendar = CalendarPage.open(context, "http://127.0.0.1:" + app.port() + "/")) {
            Locator panel = calendar.page.locator("#orphans");
            assertThat(panel).isVisible();
            assertThat(calendar.page.locator("#orphans-title")).hasText("2 bookings no longer fit this calendar");
            Locator early = panel.locator(".orphan[data-time='08:00']");
            Locator bonnies = panel.locator(".orphan[data-time='10:00']");
            assertThat(early).containsText("outside the bookable hours");
            assertThat(early.locator("select")).hasCount(0);
            assertThat(bonnies).containsText("Bonnie");

            bonnies.locator("select").selectOption("Clyde");

            assertThat(panel.locator(".orphan")).hasCount(1, new LocatorAssertions.HasCountOptions().setTimeout(5_000));
            JsonNode given = http.get("/api/bookings/" + day).json().path("10:00");
            assertThat(given.path("user").asText()).isEqualTo("Clyde");
            assertThat(given.path("duration").asInt()).isEqualTo(2);

            early.locator("button.orphan-remove").click();

            assertThat(panel).isHidden(new LocatorAssertions.IsHiddenOptions().setTimeout(5_000));
            assertThat(http.get("/api/bookings/" + day).json().has("08:00")).isFalse();
            assertThat(http.get("/api/bookings/" + day).json().path("12:00").path("user").asText())
                    .as("a booking that fits is left alone").isEqualTo("Jack");
            assertThat(http.get("/api/orphaned-bookings").json().path("bookings")).isEmpty();
            assertThat(calendar.errors).isEmpty();
        } finally {
            context.close();
        }
    }

    private static JsonNode awaitOrphans(int count) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        JsonNode bookings;
        do {
            bookings = http.get("/api/orphaned-bookings").json().path("bookings");
        } while (bookings.size() != count && System.nanoTime() < deadline);
        assertThat(bookings).hasSize(count);
        return bookings;
    }

    private static InstanceConfig config(BookableHours hours, String... names) {
        Instant now = Instant.now();
        List<CalendarUser> users = new java.util.ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            users.add(new CalendarUser(names[i], names[i].substring(0, 1).toLowerCase(), UserColor.defaultFor(i + 1).css()));
        }
        return new InstanceConfig(SLUG, "Team", null, "Team", users, Map.of(), "UTC", hours, now, now);
    }

    /** Writes the config as the operator does: the key, then a config-changed entry on the feed. */
    private static void operatorWrites(InstanceConfig config) {
        String json = ContractJson.write(config);
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            jedis.set(KEYS.config(), json);
            jedis.xadd(KEYS.changeFeed(), XAddParams.xAddParams(),
                    Map.of(ChangeFeed.TYPE, ChangeFeed.CONFIG_CHANGED, ChangeFeed.DATA, json));
        }
    }
}
