package dev.cps.calendar.app.page;

import dev.cps.calendar.api.UserColor;
import dev.cps.calendar.testing.Chromium;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.cps.calendar.app.AppSettings;
import dev.cps.calendar.app.InstanceApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.cps.calendar.app.page.CalendarPage.countWithinLiveDelay;
import static dev.cps.calendar.app.page.CalendarPage.withinLiveDelay;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page in a real Chromium against the demo calendar (in memory: Jack {@code j}, Bonnie
 * {@code b}, Clyde {@code c}, 8 to 18, UTC). Two browser contexts are two people.
 */
class CalendarPageTest {

    private static Chromium chromium;

    private InstanceApp app;
    private String url;
    private AppClient api;
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
    void startDemoCalendar() {
        app = InstanceApp.start(new AppSettings("demo", Optional.empty(), 0));
        url = "http://127.0.0.1:" + app.port() + "/";
        api = new AppClient(url.substring(0, url.length() - 1));
    }

    @AfterEach
    void stop() {
        contexts.forEach(BrowserContext::close);
        app.close();
    }

    private BrowserContext desktop() {
        // The browser's own zone is far from the calendar's (UTC): the page must not care.
        return context(new Browser.NewContextOptions().setViewportSize(1400, 900).setTimezoneId("Pacific/Kiritimati"));
    }

    private BrowserContext phone() {
        return context(new Browser.NewContextOptions().setViewportSize(390, 844)
                .setIsMobile(true).setHasTouch(true).setDeviceScaleFactor(2));
    }

    private BrowserContext context(Browser.NewContextOptions options) {
        BrowserContext context = chromium.browser().newContext(options.setLocale("en-US"));
        contexts.add(context);
        return context;
    }

    @Test
    void opensWithTheTitleALegendOfEveryoneAndASlotSelected() {
        JsonNode config = api.config();
        LocalDate firstDay = firstBookableDay(config);
        api.book(firstDay.toString(), "10:00", "Jack", 2);
        api.book(firstDay.plusDays(1).toString(), "13:00", "Bonnie", 3);
        api.book(firstDay.minusDays(1).toString(), "09:00", "Clyde", 1);

        CalendarPage calendar = CalendarPage.open(desktop(), url);

        String title = config.path("displayTitle").asText();
        assertThat(calendar.title()).hasText(title);
        assertThat(calendar.page).hasTitle(title);
        assertThat(calendar.page.locator("#legend .legend-item")).hasCount(config.path("users").size());
        for (JsonNode user : config.path("users")) {
            Locator item = calendar.legendItem(user.path("name").asText());
            assertThat(item.locator(".legend-name")).hasText(user.path("name").asText());
            assertThat(item.locator("kbd")).hasText(user.path("key").asText().toUpperCase());
            // the API gives #rrggbb; the browser reports the computed rgb()
            assertThat(item.locator(".swatch")).hasCSS("background-color",
                    UserColor.parseStored(user.path("color").asText()).orElseThrow().css());
        }
        // today in the calendar's zone (or the next day once its hours are over), at the first hour
        assertThat(calendar.selectedSlot()).hasAttribute("data-date", firstDay.toString());
        assertThat(calendar.selectedSlot()).hasAttribute("data-time", hour(config.path("hours").path("start").asInt()));
        assertThat(calendar.grid()).hasAttribute("data-view", "week");
        assertThat(calendar.page.locator(".day-head")).hasCount(7);
        assertThat(calendar.page.locator(".day-head").first()).containsText("Mon");

        Locator jack = calendar.booking("Jack", firstDay.toString(), "10:00");
        assertThat(jack).hasText("Jack10:00 – 12:00");
        assertThat(jack).hasCSS("background-color", UserColor.NAMED.get("green").css());
        UserColor green = UserColor.NAMED.get("green");
        // the glow: the user's color at 0.4 alpha (Playwright runs the pattern as a JavaScript regex, which has no \Q...\E)
        assertThat(jack).hasCSS("box-shadow", java.util.regex.Pattern.compile(
                "rgba\\(" + green.red() + ", " + green.green() + ", " + green.blue() + ", 0\\.4\\)"));
        assertThat(calendar.page.locator("#help")).containsText("week / day");
        assertThat(calendar.connection()).containsText("Live");

        calendar.page.screenshot(new Page.ScreenshotOptions().setPath(Chromium.screenshot("calendar-desktop")));
        assertThat(calendar.errors).isEmpty();
    }

    @Test
    void aKeyboardBookingInOneBrowserShowsInTheOtherWithinASecond() {
        CalendarPage jack = CalendarPage.open(desktop(), url);
        CalendarPage bonnie = CalendarPage.open(desktop(), url);
        String date = jack.selectedDate();

        jack.press("2");
        assertThat(jack.page.locator("#duration [data-duration='2']")).hasAttribute("aria-pressed", "true");
        jack.moveTo("09:00");
        jack.press("j");

        Locator seenByBonnie = bonnie.booking("Jack", date, "09:00");
        assertThat(seenByBonnie).isVisible(withinLiveDelay());
        assertThat(seenByBonnie).hasAttribute("data-duration", "2");
        double hourHeight = bonnie.slot(date, "09:00").boundingBox().height;
        assertThat(seenByBonnie.boundingBox().height).isBetween(1.6 * hourHeight, 2.2 * hourHeight);

        // hotkeys ignore case: Shift+B books for Bonnie
        jack.moveTo("13:00");
        jack.press("1", "Shift+B");
        assertThat(bonnie.booking("Bonnie", date, "13:00")).isVisible(withinLiveDelay());
        assertThat(bonnie.booking("Bonnie", date, "13:00")).hasAttribute("data-duration", "1");

        JsonNode stored = api.bookings(date, date).path(date);
        assertThat(stored.path("09:00").path("user").asText()).isEqualTo("Jack");
        assertThat(stored.path("09:00").path("duration").asInt()).isEqualTo(2);
        assertThat(stored.path("13:00").path("user").asText()).isEqualTo("Bonnie");
        assertThat(jack.errors).isEmpty();
        assertThat(bonnie.errors).isEmpty();
    }

    @Test
    void bookingOverAnExistingBookingShowsTheServersConflictMessage() {
        CalendarPage jack = CalendarPage.open(desktop(), url);
        CalendarPage clyde = CalendarPage.open(desktop(), url);
        String date = jack.selectedDate();
        jack.moveTo("10:00");
        jack.press("2", "j");
        assertThat(clyde.booking("Jack", date, "10:00")).isVisible(withinLiveDelay());

        clyde.slot(date, "11:00").click(); // the second hour of Jack's booking
        assertThat(clyde.selectedSlot()).hasAttribute("data-time", "11:00");
        clyde.press("c");

        AppClient.Answer refusal = api.book(date, "11:00", "Clyde", 1);
        assertThat(refusal.status()).isEqualTo(409);
        assertThat(clyde.errorMessage()).hasText(refusal.message());
        assertThat(clyde.page.locator(".booking[data-user=Clyde]")).hasCount(0);
        assertThat(jack.page.locator(".booking[data-user=Clyde]")).hasCount(0);
        assertThat(jack.booking("Jack", date, "10:00")).hasAttribute("data-duration", "2");
    }

    @Test
    void deleteAndBackspaceRemoveTheBookingUnderTheSelectionInBothBrowsers() {
        CalendarPage jack = CalendarPage.open(desktop(), url);
        CalendarPage bonnie = CalendarPage.open(desktop(), url);
        String date = jack.selectedDate();
        jack.moveTo("14:00");
        jack.press("3", "j");
        assertThat(bonnie.booking("Jack", date, "14:00")).isVisible(withinLiveDelay());

        bonnie.slot(date, "15:00").click(); // inside the booking, not its first hour
        bonnie.press("Delete");
        assertThat(jack.bookingsOn(date)).hasCount(0, countWithinLiveDelay());
        assertThat(bonnie.bookingsOn(date)).hasCount(0);
        assertThat(api.bookings(date, date).path(date).path("14:00").isMissingNode()).isTrue();

        jack.press("b");
        assertThat(bonnie.booking("Bonnie", date, "14:00")).isVisible(withinLiveDelay());
        jack.press("Backspace");
        assertThat(bonnie.bookingsOn(date)).hasCount(0, countWithinLiveDelay());
    }

    @Test
    void theKeyboardMovesTheSelectionTogglesTheViewAndJumpsToToday() {
        CalendarPage calendar = CalendarPage.open(desktop(), url);
        LocalDate first = LocalDate.parse(calendar.selectedDate());

        calendar.press("ArrowRight", "ArrowRight", "ArrowDown");
        assertThat(calendar.selectedSlot()).hasAttribute("data-date", first.plusDays(2).toString());
        assertThat(calendar.selectedSlot()).hasAttribute("data-time", "09:00");
        calendar.press("ArrowUp", "ArrowUp"); // stops at the first bookable hour
        assertThat(calendar.selectedSlot()).hasAttribute("data-time", "08:00");

        calendar.press("w");
        assertThat(calendar.grid()).hasAttribute("data-view", "day");
        assertThat(calendar.page.locator(".day-head")).hasCount(1);
        assertThat(calendar.page.locator("#view-day")).hasAttribute("aria-pressed", "true");
        calendar.press("]");
        assertThat(calendar.selectedSlot()).hasAttribute("data-date", first.plusDays(3).toString());

        calendar.press("t");
        assertThat(calendar.selectedSlot()).hasAttribute("data-date", today(api.config()).toString());
        calendar.press("W");
        assertThat(calendar.grid()).hasAttribute("data-view", "week");
        calendar.press("]");
        assertThat(calendar.selectedSlot()).hasAttribute("data-date", today(api.config()).plusDays(7).toString());
        assertThat(calendar.errors).isEmpty();
    }

    @Test
    void onAPhoneItOpensInDayViewAndATapOnTheSelectedSlotBooks() {
        CalendarPage desk = CalendarPage.open(desktop(), url);
        CalendarPage phone = CalendarPage.open(phone(), url);
        String date = phone.selectedDate();
        assertThat(phone.grid()).hasAttribute("data-view", "day");
        assertThat(phone.page.locator(".day-head")).hasCount(1);

        phone.slot(date, "11:00").tap();
        assertThat(phone.selectedSlot()).hasAttribute("data-time", "11:00");
        assertThat(phone.page.locator("#sheet")).isHidden();
        phone.slot(date, "11:00").tap();
        assertThat(phone.page.locator("#sheet")).isVisible();
        phone.page.locator("#sheet [data-duration='2']").tap();
        phone.page.locator("#sheet .sheet-user[data-user=Bonnie]").tap();

        assertThat(phone.booking("Bonnie", date, "11:00")).isVisible();
        assertThat(phone.page.locator("#sheet")).isHidden();
        assertThat(desk.booking("Bonnie", date, "11:00")).isVisible(withinLiveDelay());
        assertThat(desk.booking("Bonnie", date, "11:00")).hasAttribute("data-duration", "2");

        // the legend books too
        phone.slot(date, "15:00").tap();
        phone.legendItem("Clyde").tap();
        assertThat(desk.booking("Clyde", date, "15:00")).isVisible(withinLiveDelay());

        assertThat(phone.page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(true);
        phone.page.screenshot(new Page.ScreenshotOptions().setPath(Chromium.screenshot("calendar-phone")));
        assertThat(phone.errors).isEmpty();
    }

    @Test
    void withoutLiveEventsItSaysSoAndPollsEverySevenSeconds() {
        BrowserContext cutOff = desktop();
        cutOff.route("**/api/events", Route::abort);
        CalendarPage calendar = CalendarPage.open(cutOff, url, false);
        assertThat(calendar.connection()).hasAttribute("data-state", java.util.regex.Pattern.compile("polling|reconnecting"));
        assertThat(calendar.connection()).not().containsText("Live");

        String date = calendar.selectedDate();
        assertThat(api.book(date, "16:00", "Clyde", 2).status()).isEqualTo(201);
        assertThat(calendar.booking("Clyde", date, "16:00"))
                .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(9_000));
    }

    private static String hour(int hour) {
        return String.format("%02d:00", hour);
    }

    private static LocalDate today(JsonNode config) {
        return ZonedDateTime.now(ZoneId.of(config.path("timezone").asText())).toLocalDate();
    }

    /** Where the page puts the selection when it opens. */
    private static LocalDate firstBookableDay(JsonNode config) {
        ZonedDateTime now = ZonedDateTime.now(ZoneId.of(config.path("timezone").asText()));
        return now.getHour() >= config.path("hours").path("end").asInt() ? now.toLocalDate().plusDays(1) : now.toLocalDate();
    }
}
