package dev.cps.calendar.app.page;

import dev.cps.calendar.api.UserColor;
import dev.cps.calendar.testing.Chromium;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.cps.calendar.api.BookableHours;
import dev.cps.calendar.api.CalendarUser;
import dev.cps.calendar.api.ChangeFeed;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.app.AppSettings;
import dev.cps.calendar.app.InstanceApp;
import dev.cps.calendar.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.XAddParams;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.cps.calendar.app.page.CalendarPage.withinLiveDelay;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page follows the config the operator writes to Redis: it shows it as text only, re-renders
 * when it changes, waits while there is none, and says so when Redis is gone.
 */
class ConfigOnPageTest {

    private static final String SLUG = "page-test";
    private static final InstanceKeys KEYS = InstanceKeys.of(SLUG);
    private static final String HOSTILE_TITLE = "<img src=x onerror=\"window.__pwned='title'\">";
    private static final String HOSTILE_SUBTITLE = "<script>window.__pwned='subtitle'</script>";
    private static final String HOSTILE_NAME = "<img src=x onerror=window.__pwned='name'>Mallory";

    private static Chromium chromium;

    private RedisServer redis;
    private InstanceApp app;
    private String url;
    private final List<BrowserContext> contexts = new ArrayList<>();

    @BeforeAll
    static void launchBrowser() {
        chromium = Chromium.launch();
    }

    @AfterAll
    static void closeBrowser() {
        chromium.close();
    }

    @BeforeEach
    void startRedis() {
        redis = RedisServer.startWithAppendOnly();
    }

    @AfterEach
    void stop() {
        contexts.forEach(BrowserContext::close);
        if (app != null) {
            app.close();
        }
        redis.close();
    }

    private void startApp() {
        app = InstanceApp.start(new AppSettings(SLUG, Optional.of(redis.url()), 0));
        url = "http://127.0.0.1:" + app.port() + "/";
    }

    private CalendarPage open() {
        BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions()
                .setViewportSize(1280, 860).setLocale("en-US"));
        contexts.add(context);
        return CalendarPage.open(context, url);
    }

    /** Writes the config as the operator does: the key, then a config-changed entry on the feed. */
    private void operatorWrites(InstanceConfig config) {
        String json = ContractJson.write(config);
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            jedis.set(KEYS.config(), json);
            jedis.xadd(KEYS.changeFeed(), XAddParams.xAddParams(),
                    Map.of(ChangeFeed.TYPE, ChangeFeed.CONFIG_CHANGED, ChangeFeed.DATA, json));
        }
    }

    private static InstanceConfig config(String title, String subtitle, BookableHours hours, CalendarUser... users) {
        Instant now = Instant.now();
        return new InstanceConfig(SLUG, title, subtitle, InstanceConfig.displayTitle(title, subtitle),
                List.of(users), Map.of(), "UTC", hours, now, now);
    }

    @Test
    void titlesAndNamesThatLookLikeHtmlAreShownAsText() {
        operatorWrites(config(HOSTILE_TITLE, HOSTILE_SUBTITLE, BookableHours.DEFAULT,
                new CalendarUser(HOSTILE_NAME, "m", UserColor.NAMED.get("pink").hex()),
                new CalendarUser("Jack", "j", UserColor.NAMED.get("green").hex())));
        startApp();
        CalendarPage calendar = open();
        String date = calendar.selectedDate();
        calendar.press("m");

        String displayTitle = InstanceConfig.displayTitle(HOSTILE_TITLE, HOSTILE_SUBTITLE);
        assertThat(calendar.title()).hasText(displayTitle);
        assertThat(calendar.page).hasTitle(displayTitle);
        assertThat(calendar.legendItem("Mallory").locator(".legend-name")).hasText(HOSTILE_NAME);
        Locator booking = calendar.booking(HOSTILE_NAME, date, "08:00");
        assertThat(booking).isVisible(withinLiveDelay());
        assertThat(booking.locator(".booking-name")).hasText(HOSTILE_NAME);

        assertThat(calendar.page.locator("img")).hasCount(0);
        assertThat(calendar.page.locator("script")).hasCount(1); // the page's own module
        assertThat(calendar.page.evaluate("() => window.__pwned === undefined")).isEqualTo(true);
        assertThat(calendar.errors).isEmpty();
    }

    @Test
    void aConfigChangeRedrawsTitleLegendColorsAndHoursWithoutAReload() {
        operatorWrites(config("Studio", "Room A", new BookableHours(0, 24),
                new CalendarUser("Jack", "j", UserColor.NAMED.get("green").hex()),
                new CalendarUser("Bonnie", "b", UserColor.NAMED.get("red").hex())));
        startApp();
        CalendarPage calendar = open();
        String date = calendar.selectedDate();
        assertThat(calendar.title()).hasText("Studio - Room A");
        // open all day: today's column carries the mark of the current hour
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        assertThat(date).isEqualTo(now.toLocalDate().toString());
        assertThat(calendar.page.locator(".day-head.today")).hasAttribute("data-date", date);
        assertThat(calendar.page.locator(".slot.now")).hasAttribute("data-time", String.format("%02d:00", now.getHour()));
        assertThat(calendar.page.locator(".slot.now")).hasAttribute("data-date", date);
        calendar.page.evaluate("() => { window.__sameDocument = true; }");

        operatorWrites(config("Studio", "Room B", new BookableHours(9, 17),
                new CalendarUser("Jack", "j", UserColor.NAMED.get("blue").hex()),
                new CalendarUser("Dora", "d", UserColor.NAMED.get("teal").hex())));

        LocatorAssertions.HasTextOptions soon = new LocatorAssertions.HasTextOptions().setTimeout(3_000);
        assertThat(calendar.title()).hasText("Studio - Room B", soon);
        assertThat(calendar.page).hasTitle("Studio - Room B");
        assertThat(calendar.page.locator("#legend .legend-name")).hasText(new String[] {"Jack", "Dora"});
        assertThat(calendar.legendItem("Jack").locator(".swatch")).hasCSS("background-color", UserColor.NAMED.get("blue").css());
        assertThat(calendar.legendItem("Dora").locator("kbd")).hasText("D");
        assertThat(calendar.page.locator(".hour-label").first()).hasText("09:00");
        assertThat(calendar.page.locator(".hour-label")).hasCount(8);
        assertThat(calendar.selectedSlot()).hasAttribute("data-time", "09:00"); // 08:00 is gone

        calendar.press("d");
        assertThat(calendar.booking("Dora", date, "09:00")).isVisible(withinLiveDelay());
        assertThat(calendar.booking("Dora", date, "09:00")).hasCSS("background-color", UserColor.NAMED.get("teal").css());
        calendar.press("b"); // Bonnie left: her key books nothing
        assertThat(calendar.page.locator(".booking")).hasCount(1);
        assertThat(calendar.page.evaluate("() => window.__sameDocument === true")).isEqualTo(true);
        assertThat(calendar.errors).isEmpty();
    }

    @Test
    void aCalendarThatIsNotProvisionedSaysSoAndAppearsWhenTheConfigDoes() {
        startApp();
        BrowserContext context = chromium.browser().newContext();
        contexts.add(context);
        Page page = context.newPage();
        page.navigate(url);
        assertThat(page.locator("#notice")).isVisible();
        assertThat(page.locator("#notice")).containsText("not provisioned");
        assertThat(page.locator(".slot")).hasCount(0);

        operatorWrites(config("Fresh", null, BookableHours.DEFAULT, new CalendarUser("Jack", "j", UserColor.NAMED.get("green").hex())));

        assertThat(page.locator("#title")).hasText("Fresh", new LocatorAssertions.HasTextOptions().setTimeout(15_000));
        assertThat(page.locator("#notice")).isHidden();
        assertThat(page.locator(".slot.selected")).hasCount(1);
    }

    @Test
    void whenRedisIsDownAnActionShowsTheServersMessageAndThePageShowsItIsDegraded() throws Exception {
        operatorWrites(config("Studio", null, BookableHours.DEFAULT, new CalendarUser("Jack", "j", UserColor.NAMED.get("green").hex())));
        startApp();
        CalendarPage calendar = open();

        redis.kill();
        Response refused = calendar.page.waitForResponse(
                response -> response.url().endsWith("/api/bookings") && "POST".equals(response.request().method()),
                () -> calendar.press("j"));

        assertThat(refused.status()).isEqualTo(503);
        String message = ContractJson.MAPPER.readTree(refused.text()).path("message").asText();
        assertThat(message).isNotBlank();
        assertThat(calendar.errorMessage()).hasText(message);
        assertThat(calendar.connection()).hasAttribute("data-state", Pattern.compile("unavailable|offline"),
                new LocatorAssertions.HasAttributeOptions().setTimeout(10_000));
        assertThat(calendar.page.locator("#notice")).isVisible();
        assertThat(calendar.page.locator(".booking")).hasCount(0);
        calendar.page.screenshot(new Page.ScreenshotOptions().setPath(Chromium.screenshot("calendar-degraded")));
    }
}
