package dev.cps.calendar.reliability;

import dev.cps.calendar.api.UserColor;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.cps.calendar.api.CalendarUser;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.app.AppSettings;
import dev.cps.calendar.app.InstanceApp;
import dev.cps.calendar.testing.Chromium;
import dev.cps.calendar.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * A customer's title and people's names are whatever the platform team typed, markup and script
 * included. The page shows them as text, in Chromium: in the header, the tab title, the legend
 * and on bookings, also after a live config change. No script runs, no dialog opens, no element
 * is injected.
 */
@ReliabilitySuite(order = 5, name = "Hostile text",
        tried = "a title, subtitle and user names made of HTML and script (`<script>`, `<img onerror>`, `<svg onload>`, "
                + "`<iframe src=javascript:>`, attribute breakouts, event handlers), on bookings too, then changed live; "
                + "checked in headless Chromium",
        expected = "shown as the literal text in header, tab title, legend and bookings; `window.__pwned` stays undefined; "
                + "no dialog; no injected element or handler attribute; no page error",
        unit = "payloads")
class HostileTextTest {

    private static final String SLUG = "hostile";
    private static final String TITLE = "<img src=x onerror=\"window.__pwned='title'\">";
    private static final String SUBTITLE = "<script>window.__pwned='subtitle'</script>";
    private static final List<CalendarUser> USERS = List.of(
            new CalendarUser("<svg onload=\"window.__pwned='svg'\">Sam", "s", UserColor.NAMED.get("green").hex()),
            new CalendarUser("\"><iframe src=\"javascript:parent.__pwned='iframe'\"></iframe>", "i", UserColor.NAMED.get("red").hex()),
            new CalendarUser("<b onmouseover=\"alert('b')\">Bold</b>", "b", UserColor.NAMED.get("purple").hex()),
            new CalendarUser("</span><script>alert('x')</script>'; alert('q'); //", "q", UserColor.NAMED.get("orange").hex()));
    private static final String LIVE_TITLE = "<details open ontoggle=\"window.__pwned='details'\">Live</details>";
    private static final String LIVE_USER = "<a href=\"javascript:alert('a')\" onfocus=\"window.__pwned='a'\" autofocus>{{7*7}}</a>";
    private static final int PAYLOADS = 2 + USERS.size() + 2;
    /** Elements and attributes that only an injection would put in the page. */
    private static final String INJECTED = "img, svg, iframe, b, details, a[href^=javascript], "
            + "[onerror], [onload], [onmouseover], [ontoggle], [onfocus]";

    private Chromium chromium;
    private RedisServer redis;
    private InstanceApp app;
    private BrowserContext context;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        chromium = Chromium.launch();
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        chromium.close();
        if (app != null) {
            app.close();
        }
        redis.close();
    }

    @Test
    void markupInTitlesAndNamesIsShownAsTextAndNeverRuns(TestReporter reporter) {
        reporter.publishEntry(ReliabilityReport.CASES, String.valueOf(PAYLOADS));
        Calendars.seed(redis.url(), Calendars.config(SLUG, TITLE, SUBTITLE, USERS));
        app = InstanceApp.start(new AppSettings(SLUG, Optional.of(redis.url()), 0), Calendars.ONE_BUSY_ADDRESS);
        ApiClient api = new ApiClient(app.port());
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        for (int i = 0; i < USERS.size(); i++) {
            String body = ContractJson.write(Map.of("date", today, "time", ApiClient.hour(9 + 2 * i), "user", USERS.get(i).name(), "duration", 1));
            org.assertj.core.api.Assertions.assertThat(api.post("/api/bookings", body).status()).as(body).isEqualTo(201);
        }

        context = chromium.browser().newContext(new Browser.NewContextOptions().setViewportSize(1400, 900).setLocale("en-US"));
        List<String> dialogs = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        context.onDialog(dialog -> {
            dialogs.add(dialog.type() + ": " + dialog.message());
            dialog.dismiss();
        });
        Page page = context.newPage();
        page.onPageError(errors::add);
        page.navigate("http://127.0.0.1:" + app.port() + "/");
        assertThat(page.locator(".slot.selected")).hasCount(1);

        assertThat(page.locator("#title")).hasText(InstanceConfig.displayTitle(TITLE, SUBTITLE));
        assertThat(page).hasTitle(InstanceConfig.displayTitle(TITLE, SUBTITLE));
        assertThat(page.locator("#legend .legend-name")).hasText(USERS.stream().map(CalendarUser::name).toArray(String[]::new));
        for (int i = 0; i < USERS.size(); i++) {
            Locator booking = page.locator(".booking[data-user=" + css(USERS.get(i).name()) + "][data-date=" + css(today)
                    + "][data-time=" + css(ApiClient.hour(9 + 2 * i)) + "] .booking-name");
            assertThat(booking).hasText(USERS.get(i).name());
        }
        page.locator(".slot[data-date=" + css(today) + "][data-time=\"09:00\"]").hover(); // a handler on hover would run now
        assertNothingInjected(page, dialogs, errors);

        Calendars.seed(redis.url(), Calendars.config(SLUG, LIVE_TITLE, null,
                List.of(new CalendarUser(LIVE_USER, "l", UserColor.NAMED.get("green").hex()), USERS.get(0))));
        assertThat(page.locator("#title")).hasText(LIVE_TITLE, new LocatorAssertions.HasTextOptions().setTimeout(5_000));
        assertThat(page.locator("#legend .legend-name")).hasText(new String[] {LIVE_USER, USERS.get(0).name()});
        page.keyboard().press("l");
        assertThat(page.locator(".booking .booking-name").filter(new Locator.FilterOptions().setHasText("{{7*7}}")))
                .hasText(LIVE_USER, new LocatorAssertions.HasTextOptions().setTimeout(5_000));
        page.keyboard().press("Tab");
        page.keyboard().press("Tab");
        assertNothingInjected(page, dialogs, errors);
    }

    private static void assertNothingInjected(Page page, List<String> dialogs, List<String> errors) {
        org.assertj.core.api.Assertions.assertThat(page.evaluate("() => typeof window.__pwned")).isEqualTo("undefined");
        assertThat(page.locator(INJECTED)).hasCount(0);
        assertThat(page.locator("script")).hasCount(1); // the page's own module
        org.assertj.core.api.Assertions.assertThat(dialogs).as("dialogs").isEmpty();
        org.assertj.core.api.Assertions.assertThat(errors).as("page errors").isEmpty();
    }

    /** A CSS string literal, so names with quotes and markup can be selected. */
    private static String css(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
