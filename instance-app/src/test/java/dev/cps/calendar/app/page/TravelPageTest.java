package dev.cps.calendar.app.page;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.api.ViewerAccess;
import dev.cps.calendar.app.CalendarsOnRedis;
import dev.cps.calendar.app.InstanceApp;
import dev.cps.calendar.app.TestHttp;
import dev.cps.calendar.app.access.AccessFixtures;
import dev.cps.calendar.testing.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

import java.util.ArrayList;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page's parts for calendars that travel, in a real Chromium on a real Redis: "Subscribe" with the
 * feed URLs for editors only, the history panel (live, with where each change came from), and undo of
 * one's own last change, which the server checks like any write.
 */
class TravelPageTest {

    static final String EDITORS = "k7mq-x2fp-9wdr-hb4e";
    static final String VIEWERS = "look-only-2222";
    static final String SLUG = "travels";
    static final String TOKEN = "VHJhdmVsUGFnZVRlc3QtZmVlZC10b2tlbi0wMTIzNDU2";
    static final LocatorAssertions.IsVisibleOptions LIVE = new LocatorAssertions.IsVisibleOptions().setTimeout(5_000);

    @RegisterExtension
    static final CalendarsOnRedis CALENDARS = new CalendarsOnRedis();
    static Chromium chromium;
    RedisClient admin;
    String url;
    TestHttp http;
    final List<BrowserContext> contexts = new ArrayList<>();

    @BeforeAll
    static void launch() {
        chromium = Chromium.launch();
    }

    @AfterAll
    static void shutDown() {
        chromium.close();
    }

    @BeforeEach
    void startCalendar() {
        admin = CALENDARS.admin();
        InstanceApp app = CALENDARS.start(SLUG, AccessFixtures.passcode(EDITORS, ViewerAccess.Passcode, VIEWERS,
                AccessFixtures.newSessionKey()).withFeedToken(TOKEN));
        url = "http://127.0.0.1:" + app.port() + "/";
        http = new TestHttp(app.port());
    }

    @AfterEach
    void closeBrowsers() {
        contexts.forEach(BrowserContext::close);
    }

    Page signedIn(String passcode) {
        BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setViewportSize(1280, 860)
                .setLocale("en-US").setPermissions(List.of("clipboard-read", "clipboard-write")));
        contexts.add(context);
        Page page = context.newPage();
        page.navigate(url);
        page.locator("#passcode-input").fill(passcode);
        page.locator("#passcode-input").press("Enter");
        assertThat(page.locator("#passcode")).isHidden();
        assertThat(page.locator(".slot.selected")).hasCount(1);
        assertThat(page.locator("#connection")).hasAttribute("data-state", "live");
        return page;
    }

    long bookings() {
        return admin.keys(InstanceKeys.of(SLUG).prefix() + "bookings:*").stream().mapToLong(admin::hlen).sum();
    }

    String selected(Page page, String attribute) {
        return page.locator(".slot.selected").getAttribute(attribute);
    }

    @Test
    void anEditorIsOfferedTheFeedUrlsWithACopyButtonAndTheUrlWorksWithoutASession() {
        Page page = signedIn(EDITORS);

        page.locator("#subscribe").click();
        Locator urls = page.locator("#subscribe-dialog .feed-url");
        assertThat(urls).hasCount(3); // everyone, Jack, Bonnie
        String everyone = urls.first().inputValue();
        assertThat(everyone).isEqualTo(url + "feeds/" + TOKEN + ".ics");
        assertThat(urls.nth(1).inputValue()).isEqualTo(url + "feeds/" + TOKEN + "/Jack.ics");

        page.locator("#subscribe-dialog .copy").first().click();
        assertThat(page.locator("#subscribe-dialog .copy").first()).hasText("Copied");
        assertThat((String) page.evaluate("() => navigator.clipboard.readText()")).isEqualTo(everyone);

        TestHttp.Answer feed = http.get(java.net.URI.create(everyone).getPath());
        assertThat(feed.status()).as("a calendar app has no session").isEqualTo(200);
        assertThat(feed.body()).startsWith("BEGIN:VCALENDAR");
        page.keyboard().press("Escape");
        assertThat(page.locator("#subscribe-dialog")).isHidden();
    }

    @Test
    void aViewerIsNotOfferedTheFeed() {
        Page viewer = signedIn(VIEWERS);

        assertThat(viewer.locator("#role")).hasText("View only");
        viewer.waitForTimeout(1000); // the page has asked the server by now
        assertThat(viewer.locator("#subscribe")).isHidden();
        assertThat(viewer.locator("#undo")).isHidden();
        assertThat(viewer.content()).doesNotContain(TOKEN);
    }

    @Test
    void theHistoryPanelTellsWhoChangedWhatFromWhereAndFollowsLiveChanges() {
        Page page = signedIn(EDITORS);
        page.keyboard().press("j");
        assertThat(page.locator(".booking[data-user=Jack]")).hasCount(1);

        page.locator("#history-toggle").click();
        Locator entries = page.locator("#history-list .history-entry");
        assertThat(entries).hasCount(1);
        assertThat(entries.first()).containsText("Booked Jack " + selected(page, "data-time"));
        assertThat(entries.first().locator(".history-where")).hasText("from the page · editor");
        assertThat(page.locator("#history-retention")).hasText("Kept for 90 days.");

        String editor = AccessFixtures.signedIn(http, EDITORS);
        String date = selected(page, "data-date");
        AccessFixtures.as(http, editor, "PUT", "/api/bookings/update",
                TestHttp.booking(date, selected(page, "data-time"), "Bonnie", 1));

        assertThat(entries.first()).containsText("Gave Jack", new com.microsoft.playwright.assertions.LocatorAssertions
                .ContainsTextOptions().setTimeout(5_000));
        assertThat(entries.first().locator(".history-where")).hasText("from the API · editor");
        assertThat(entries).hasCount(2);
    }

    @Test
    void ctrlZUndoesOnesOwnLastBookingAndTheUndoButtonARemoval() {
        Page page = signedIn(EDITORS);
        assertThat(page.locator("#undo")).isDisabled();
        page.keyboard().press("j");
        assertThat(page.locator(".booking[data-user=Jack]")).hasCount(1);
        assertThat(bookings()).isEqualTo(1);
        // the booking is drawn at once; what undo reverses is known when the server's answer is in
        assertThat(page.locator("#undo")).isEnabled();

        page.keyboard().press("Control+z");
        assertThat(page.locator(".booking[data-user=Jack]")).hasCount(0);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> bookings() == 0);

        page.keyboard().press("b");
        assertThat(page.locator(".booking[data-user=Bonnie]")).hasCount(1);
        page.keyboard().press("Delete");
        assertThat(page.locator(".booking[data-user=Bonnie]")).hasCount(0);
        page.locator("#undo").click();
        assertThat(page.locator(".booking[data-user=Bonnie]")).hasCount(1);
        assertThat(bookings()).isEqualTo(1);
        assertThat(page.locator("#undo")).isDisabled();

        page.locator("#history-toggle").click();
        assertThat(page.locator("#history-list .history-entry").first().locator(".history-where")).hasText("from the undo · editor");
    }

    @Test
    void undoingARemovalWhenSomeoneTookTheSlotMeanwhileFailsWithAMessageAndChangesNothing() {
        Page page = signedIn(EDITORS);
        page.keyboard().press("j");
        assertThat(page.locator(".booking[data-user=Jack]")).hasCount(1);
        page.keyboard().press("Delete");
        assertThat(page.locator(".booking[data-user=Jack]")).hasCount(0);
        assertThat(page.locator("#undo")).isEnabled();

        String editor = AccessFixtures.signedIn(http, EDITORS);
        AccessFixtures.as(http, editor, "POST", "/api/bookings",
                TestHttp.booking(selected(page, "data-date"), selected(page, "data-time"), "Bonnie", 1));
        assertThat(page.locator(".booking[data-user=Bonnie]")).isVisible(LIVE);

        page.keyboard().press("Control+z");

        assertThat(page.locator("#messages .toast[data-kind=error]")).containsText("Bonnie");
        assertThat(page.locator(".booking[data-user=Jack]")).hasCount(0);
        assertThat(page.locator(".booking[data-user=Bonnie]")).hasCount(1);
        assertThat(bookings()).isEqualTo(1);
    }
}
