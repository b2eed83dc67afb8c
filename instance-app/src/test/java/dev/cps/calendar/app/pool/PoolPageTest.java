package dev.cps.calendar.app.pool;

import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.cps.calendar.api.ViewerAccess;
import dev.cps.calendar.app.access.AccessFixtures;
import dev.cps.calendar.app.page.CalendarPage;
import dev.cps.calendar.testing.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Two calendars of one pool in a real Chromium, at their own hosts ({@code *.localhost} is loopback
 * to Chromium): each page signs in with its own passcode, shows its own title, and a booking in one
 * reaches the other browser of the same calendar live, and never the other calendar's page.
 */
class PoolPageTest {

    static final String ECLIPSE_PASSCODE = "eclipse-editors-1111";
    static final String HARBOUR_PASSCODE = "harbour-editors-2222";
    private static final LocatorAssertions.IsVisibleOptions SOON = new LocatorAssertions.IsVisibleOptions().setTimeout(10_000);

    @RegisterExtension
    static final PoolFixture fixture = new PoolFixture();
    private static Chromium chromium;

    @BeforeAll
    static void launch() {
        chromium = Chromium.launch();
    }

    @AfterAll
    static void shutDown() {
        chromium.close();
    }

    @Test
    void eachHostShowsItsOwnCalendarAndItsOwnLiveBookings() {
        fixture.join("eclipse", "eclipse.localhost", AccessFixtures.passcode(ECLIPSE_PASSCODE, ViewerAccess.None, null,
                AccessFixtures.newSessionKey()));
        fixture.join("harbour", "harbour.localhost", AccessFixtures.passcode(HARBOUR_PASSCODE, ViewerAccess.None, null,
                AccessFixtures.newSessionKey()));
        PoolApp pool = fixture.start();
        String eclipseUrl = "http://eclipse.localhost:" + pool.port() + "/";
        String harbourUrl = "http://harbour.localhost:" + pool.port() + "/";

        try (CalendarPage jack = CalendarPage.openInOwnBrowser(chromium.browser(), eclipseUrl, ECLIPSE_PASSCODE);
             CalendarPage bonnie = CalendarPage.openInOwnBrowser(chromium.browser(), eclipseUrl, ECLIPSE_PASSCODE);
             CalendarPage harbour = CalendarPage.openInOwnBrowser(chromium.browser(), harbourUrl, HARBOUR_PASSCODE)) {
            assertThat(jack.title()).containsText("Team eclipse");
            assertThat(harbour.title()).containsText("Team harbour");

            String date = jack.selectedDate();
            jack.moveTo("09:00");
            jack.press("j");
            assertThat(bonnie.booking("Jack", date, "09:00")).isVisible(SOON);

            harbour.moveTo("11:00");
            harbour.press("b");
            assertThat(harbour.booking("Bonnie", date, "11:00")).isVisible(SOON);
            assertThat(jack.booking("Bonnie", date, "11:00")).isHidden(); // Harbour's booking is not Eclipse's
            assertThat(harbour.booking("Jack", date, "09:00")).isHidden(); // nor the other way
            jack.screenshot(Chromium.screenshot("pool-eclipse"));
        }
    }
}
