package dev.cps.calendar.app.page;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;

import java.util.ArrayList;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** The calendar page as a person sees it: slots, bookings, the legend, messages. */
final class CalendarPage {

    /** Other people's changes must show up within this long. */
    static final double LIVE_MS = 1000;

    final Page page;
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

    static CalendarPage open(BrowserContext context, String url, boolean live) {
        CalendarPage calendar = new CalendarPage(context.newPage());
        calendar.page.navigate(url);
        assertThat(calendar.selectedSlot()).hasCount(1);
        if (live) {
            assertThat(calendar.connection()).hasAttribute("data-state", "live");
        }
        return calendar;
    }

    Locator title() {
        return page.locator("#title");
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

    String selectedTime() {
        return selectedSlot().getAttribute("data-time");
    }

    Locator slot(String date, String time) {
        return page.locator(".slot[data-date=" + quoted(date) + "][data-time=" + quoted(time) + "]");
    }

    Locator booking(String user, String date, String time) {
        return page.locator(".booking[data-user=" + quoted(user) + "][data-date=" + quoted(date) + "][data-time=" + quoted(time) + "]");
    }

    Locator bookingsOn(String date) {
        return page.locator(".booking[data-date=" + quoted(date) + "]");
    }

    /** A CSS string, so names with quotes or markup can be looked up too. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    Locator errorMessage() {
        return page.locator("#messages .toast[data-kind=error]");
    }

    Locator connection() {
        return page.locator("#connection");
    }

    Locator grid() {
        return page.locator("#grid");
    }

    void press(String... keys) {
        for (String key : keys) {
            page.keyboard().press(key);
        }
    }

    /** Moves the selection to a slot with the arrow keys, as a keyboard user would. */
    void moveTo(String time) {
        int from = Integer.parseInt(selectedTime().substring(0, 2));
        int to = Integer.parseInt(time.substring(0, 2));
        String key = to > from ? "ArrowDown" : "ArrowUp";
        for (int i = 0; i < Math.abs(to - from); i++) {
            press(key);
        }
        assertThat(selectedSlot()).hasAttribute("data-time", time);
    }

    static LocatorAssertions.IsVisibleOptions withinLiveDelay() {
        return new LocatorAssertions.IsVisibleOptions().setTimeout(LIVE_MS);
    }

    static LocatorAssertions.HasCountOptions countWithinLiveDelay() {
        return new LocatorAssertions.HasCountOptions().setTimeout(LIVE_MS);
    }
}
