package dev.cps.calendar.app.page;

import dev.cps.calendar.testing.Chromium;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.api.ViewerAccess;
import dev.cps.calendar.app.AppSettings;
import dev.cps.calendar.app.InstanceApp;
import dev.cps.calendar.app.access.AccessFixtures;
import dev.cps.calendar.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The passcode screen in a real Chromium, on a real Redis: a calendar of Jack and Bonnie whose
 * editors' passcode is {@value #EDITORS} and whose read-only passcode is {@value #VIEWERS}.
 */
class PasscodePageTest {

    static final String EDITORS = "k7mq-x2fp-9wdr-hb4e";
    static final String VIEWERS = "look-only-2222";
    static final String SLUG = "guarded";
    private static final LocatorAssertions.IsVisibleOptions SOON = new LocatorAssertions.IsVisibleOptions().setTimeout(10_000);

    private static Chromium chromium;
    private static RedisServer redis;
    private RedisClient admin;
    private InstanceApp app;
    private String url;
    private String sessionKey;
    private final List<BrowserContext> contexts = new ArrayList<>();

    @BeforeAll
    static void launch() {
        chromium = Chromium.launch();
        redis = RedisServer.start();
    }

    @AfterAll
    static void shutDown() {
        chromium.close();
        redis.close();
    }

    @BeforeEach
    void startCalendar() {
        admin = RedisClient.create(redis.host(), redis.port());
        admin.flushAll();
        sessionKey = AccessFixtures.newSessionKey();
        AccessFixtures.provision(admin, SLUG, AccessFixtures.passcode(EDITORS, ViewerAccess.Passcode, VIEWERS, sessionKey));
        app = InstanceApp.start(new AppSettings(SLUG, Optional.of(redis.url()), 0));
        url = "http://127.0.0.1:" + app.port() + "/";
    }

    @AfterEach
    void stop() {
        contexts.forEach(BrowserContext::close);
        app.close();
        admin.close();
    }

    private Page browser() {
        BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions()
                .setViewportSize(1280, 860).setLocale("en-US"));
        contexts.add(context);
        Page page = context.newPage();
        page.navigate(url);
        return page;
    }

    private static Locator passcodeScreen(Page page) {
        return page.locator("#passcode");
    }

    private static void enter(Page page, String passcode) {
        Locator input = page.locator("#passcode-input");
        assertThat(input).isFocused();
        input.fill(passcode);
        page.keyboard().press("Enter");
    }

    private static void signedIn(Page page) {
        assertThat(passcodeScreen(page)).isHidden();
        assertThat(page.locator(".slot.selected")).hasCount(1);
        assertThat(page.locator("#connection")).hasAttribute("data-state", "live");
    }

    private long bookings() {
        return admin.keys(InstanceKeys.of(SLUG).prefix() + "bookings:*").stream().mapToLong(admin::hlen).sum();
    }

    @Test
    void thePasscodeScreenRefusesAWrongPasscodeAndTheRightOneOpensTheCalendar() {
        Page page = browser();

        assertThat(passcodeScreen(page)).isVisible();
        assertThat(page.locator("#grid .slot")).hasCount(0);
        enter(page, "wrong-guess");
        assertThat(page.locator("#passcode-error")).hasText("that is not this calendar's passcode");
        assertThat(passcodeScreen(page)).isVisible();

        page.locator("#passcode-input").fill(EDITORS);
        page.keyboard().press("Enter");
        signedIn(page);
        assertThat(page.locator("#sign-out")).isVisible();
        assertThat(page.locator("#role")).isHidden();
        page.keyboard().press("j");
        assertThat(page.locator(".booking[data-user=Jack]")).hasCount(1);
        assertThat(bookings()).isEqualTo(1);

        page.reload();
        signedIn(page); // the cookie keeps the session
        page.locator("#sign-out").click();
        assertThat(passcodeScreen(page)).isVisible();
    }

    @Test
    void aViewerCannotBookButSeesAnEditorsBookingLive() {
        Page viewer = browser();
        enter(viewer, VIEWERS);
        signedIn(viewer);
        assertThat(viewer.locator("#role")).hasText("View only");
        assertThat(viewer.locator("#help")).containsText("view only");

        viewer.keyboard().press("j");
        assertThat(viewer.locator("#messages .toast")).containsText("View only");
        assertThat(viewer.locator(".booking")).hasCount(0);
        assertThat(bookings()).isZero();

        Page editor = browser();
        enter(editor, EDITORS);
        signedIn(editor);
        editor.keyboard().press("b");
        assertThat(editor.locator(".booking[data-user=Bonnie]")).hasCount(1);

        assertThat(viewer.locator(".booking[data-user=Bonnie]")).isVisible(
                new LocatorAssertions.IsVisibleOptions().setTimeout(CalendarPage.LIVE_MS));
    }

    @Test
    void withPublicViewersTheCalendarOpensToLookAtAndSignInMakesAnEditor() {
        AccessFixtures.provision(admin, SLUG, AccessFixtures.passcode(EDITORS, ViewerAccess.Public, null, sessionKey));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> statusOf("api/session", "") == 200); // the app has the new config
        Page page = browser();

        signedIn(page);
        assertThat(page.locator("#role")).hasText("View only");
        assertThat(page.locator("#sign-out")).isHidden();
        page.keyboard().press("j");
        assertThat(page.locator("#messages .toast")).containsText("View only");
        assertThat(bookings()).isZero();

        page.locator("#sign-in").click();
        enter(page, EDITORS);
        signedIn(page);
        assertThat(page.locator("#role")).isHidden();
        assertThat(page.locator("#sign-out")).isVisible();
        page.keyboard().press("j");
        assertThat(page.locator(".booking[data-user=Jack]")).hasCount(1);
        assertThat(bookings()).isEqualTo(1);
    }

    @Test
    void aNewPasscodeSignsEveryoneOutAndTheNewOneLetsThemBackIn() {
        Page first = browser();
        enter(first, EDITORS);
        signedIn(first);
        Page second = browser();
        enter(second, VIEWERS);
        signedIn(second);

        String rotated = "fresh-pass-7777";
        AccessFixtures.provision(admin, SLUG, AccessFixtures.passcode(rotated, ViewerAccess.Passcode, VIEWERS + "-new", sessionKey));

        for (Page page : List.of(first, second)) {
            assertThat(passcodeScreen(page)).isVisible(SOON);
            assertThat(page.locator("#passcode-error")).containsText("session has ended");
        }
        assertThat(statusOfBookingsWithTheOldCookie(first)).isEqualTo(401);
        enter(first, EDITORS);
        assertThat(first.locator("#passcode-error")).hasText("that is not this calendar's passcode");
        first.locator("#passcode-input").fill(rotated);
        first.keyboard().press("Enter");
        signedIn(first);
    }

    /** The page's cookie replayed by hand, as someone who copied it would. */
    private int statusOfBookingsWithTheOldCookie(Page page) {
        String cookie = page.context().cookies().stream().filter(c -> c.name.equals("calendar_session"))
                .map(c -> c.name + "=" + c.value).findFirst().orElse("");
        return statusOf("api/bookings", cookie);
    }

    private int statusOf(String path, String cookie) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path));
            if (!cookie.isEmpty()) {
                request.header("Cookie", cookie);
            }
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
