package dev.cps.calendar.local;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ScreenshotAnimations;

import java.time.DayOfWeek;
import java.time.LocalDate;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** One person's browser on a calendar of the local stack, with what they see and press. */
final class CalendarInBrowser implements AutoCloseable {

    final BrowserContext context;
    final Page page;

    private CalendarInBrowser(BrowserContext context) {
        this.context = context;
        this.page = context.newPage();
    }

    /** A desktop-sized browser of its own (own cookies, own event stream) on {@code url}, drawn and live. */
    static CalendarInBrowser open(Browser browser, String url) {
        CalendarInBrowser calendar = new CalendarInBrowser(browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(1280, 860).setLocale("en-US")));
        calendar.page.navigate(url);
        assertThat(calendar.selectedSlot()).hasCount(1);
        assertThat(calendar.connection()).hasAttribute("data-state", "live");
        return calendar;
    }

    Locator title() {
        return page.locator("#title");
    }

    Locator legendNames() {
        return page.locator("#legend .legend-name");
    }

    Locator legendItem(String user) {
        return page.locator("#legend .legend-item").filter(new Locator.FilterOptions().setHasText(user));
    }

    Locator selectedSlot() {
        return page.locator(".slot.selected[aria-selected=true]");
    }

    String selectedDate() {
        return selectedSlot().getAttribute("data-date");
    }

    Locator booking(String user, String date, String time) {
        return page.locator(".booking[data-user='" + user + "'][data-date='" + date + "'][data-time='" + time + "']");
    }

    Locator bookingsOn(String date) {
        return page.locator(".booking[data-date='" + date + "']");
    }

    Locator errorMessage() {
        return page.locator("#messages .toast[data-kind=error]");
    }

    Locator connection() {
        return page.locator("#connection");
    }

    void press(String... keys) {
        for (String key : keys) {
            page.keyboard().press(key);
        }
    }

    /** Moves the selection to {@code time} of the selected day with the arrow keys. */
    void moveTo(String time) {
        int from = Integer.parseInt(selectedSlot().getAttribute("data-time").substring(0, 2));
        int to = Integer.parseInt(time.substring(0, 2));
        for (int i = 0; i < Math.abs(to - from); i++) {
            press(to > from ? "ArrowDown" : "ArrowUp");
        }
        assertThat(selectedSlot()).hasAttribute("data-time", time);
    }

    /** Moves the selection to another day of the week on screen (Monday first) with the arrow keys. */
    void moveToDay(DayOfWeek day) {
        LocalDate from = LocalDate.parse(selectedDate());
        int steps = day.getValue() - from.getDayOfWeek().getValue();
        for (int i = 0; i < Math.abs(steps); i++) {
            press(steps > 0 ? "ArrowRight" : "ArrowLeft");
        }
        assertThat(selectedSlot()).hasAttribute("data-date", from.plusDays(steps).toString());
    }

    /** Saves what the person sees as {@code target/e2e/<name>.png}, with entrance animations finished. */
    void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(EndToEnd.screenshot(name))
                .setAnimations(ScreenshotAnimations.DISABLED));
    }

    @Override
    public void close() {
        context.close();
    }
}
