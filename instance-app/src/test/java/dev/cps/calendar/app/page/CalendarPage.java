package dev.cps.calendar.app.page;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.ScreenshotAnimations;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * The calendar page as a person sees it: slots, bookings, the legend, messages. Used by the page
 * tests here and, through the test-jar, by the end-to-end tests of the local stack.
 */
public final class CalendarPage implements AutoCloseable {

    /** Other people's changes must show up within this long. */
    public static final double LIVE_MS = 1000;

    public final Page page;
    final List<String> errors = new ArrayList<>();

    private CalendarPage(Page page) {
        this.page = page;
        page.onPageError(errors::add);
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                errors.add(message.text());
            }
        });
    }

    /** Opens the page and waits until it is drawn and following the live feed. */
    static CalendarPage open(BrowserContext context, String url) {
        return open(context, url, true);
    }

    /** A desktop-sized browser of its own (own cookies, own event stream) on {@code url}, drawn and live; close() closes it. */
    public static CalendarPage openInOwnBrowser(Browser browser, String url) {
        return open(browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 860).setLocale("en-US")), url);
    }

    /** Like {@link #openInOwnBrowser(Browser, String)} for a passcode-protected calendar: types the passcode first. */
    public static CalendarPage openInOwnBrowser(Browser browser, String url, String passcode) {
        CalendarPage calendar = new CalendarPage(browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 860)
                .setLocale("en-US")).newPage());
        calendar.page.navigate(url);
        calendar.signIn(passcode);
        assertThat(calendar.selectedSlot()).hasCount(1);
        assertThat(calendar.connection()).hasAttribute("data-state", "live");
        return calendar;
    }

    /** Types the passcode on the passcode screen, as a person does: focused field, Enter. */
    public void signIn(String passcode) {
        page.locator("#passcode-input").fill(passcode);
        page.locator("#passcode-input").press("Enter");
        assertThat(page.locator("#passcode")).isHidden();
    }

    static CalendarPage open(BrowserContext context, String url, boolean live) {
        CalendarPage calendar = new CalendarPage(context.newPage());
        calendar.page.navigate(url);
        assertThat(calendar.selectedSlot()).hasCount(1);
        if (live) {
            assertThat(calendar.connection()).hasAttribute("data-state", "live");
        }
        return calendar;
    }

    public Locator title() {
        return page.locator("#title");
    }

    public Locator legendNames() {
        return page.locator("#legend .legend-name");
    }

    public Locator legendItem(String user) {
        return page.locator("#legend .legend-item").filter(new Locator.FilterOptions().setHasText(user));
    }

    public Locator selectedSlot() {
        return page.locator(".slot.selected[aria-selected=true]");
    }

    public String selectedDate() {
        return selectedSlot().getAttribute("data-date");
    }

    public String selectedTime() {
        return selectedSlot().getAttribute("data-time");
    }

    public Locator slot(String date, String time) {
        return page.locator(".slot[data-date=" + quoted(date) + "][data-time=" + quoted(time) + "]");
    }

    public Locator booking(String user, String date, String time) {
        return page.locator(".booking[data-user=" + quoted(user) + "][data-date=" + quoted(date) + "][data-time=" + quoted(time) + "]");
    }

    public Locator bookingsOn(String date) {
        return page.locator(".booking[data-date=" + quoted(date) + "]");
    }

    /** A CSS string, so names with quotes or markup can be looked up too. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    public Locator errorMessage() {
        return page.locator("#messages .toast[data-kind=error]");
    }

    public Locator connection() {
        return page.locator("#connection");
    }

    public Locator grid() {
        return page.locator("#grid");
    }

    public void press(String... keys) {
        for (String key : keys) {
            page.keyboard().press(key);
        }
    }

    /** Moves the selection to a slot with the arrow keys, as a keyboard user would. */
    public void moveTo(String time) {
        int from = Integer.parseInt(selectedTime().substring(0, 2));
        int to = Integer.parseInt(time.substring(0, 2));
        String key = to > from ? "ArrowDown" : "ArrowUp";
        for (int i = 0; i < Math.abs(to - from); i++) {
            press(key);
        }
        assertThat(selectedSlot()).hasAttribute("data-time", time);
    }

    /** Moves the selection to another day of the week on screen (Monday first) with the arrow keys. */
    public void moveToDay(DayOfWeek day) {
        LocalDate from = LocalDate.parse(selectedDate());
        int steps = day.getValue() - from.getDayOfWeek().getValue();
        for (int i = 0; i < Math.abs(steps); i++) {
            press(steps > 0 ? "ArrowRight" : "ArrowLeft");
        }
        assertThat(selectedSlot()).hasAttribute("data-date", from.plusDays(steps).toString());
    }

    /** Saves what the person sees, with entrance animations finished. */
    public void screenshot(Path file) {
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setAnimations(ScreenshotAnimations.DISABLED));
    }

    @Override
    public void close() {
        page.context().close();
    }

    static LocatorAssertions.IsVisibleOptions withinLiveDelay() {
        return new LocatorAssertions.IsVisibleOptions().setTimeout(LIVE_MS);
    }

    static LocatorAssertions.HasCountOptions countWithinLiveDelay() {
        return new LocatorAssertions.HasCountOptions().setTimeout(LIVE_MS);
    }
}
