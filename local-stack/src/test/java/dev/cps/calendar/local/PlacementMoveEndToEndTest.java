package dev.cps.calendar.local;

import dev.cps.calendar.app.page.CalendarPage;
import dev.cps.calendar.operator.customresource.Phase;
import dev.cps.calendar.testing.Chromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.cps.calendar.local.EndToEnd.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A calendar moved between {@code placement: Dedicated} and {@code Shared} by an edit of its file,
 * with the real operator, the pool process and a page left open in Chromium: no booking is lost,
 * the open page reconnects by itself (it shows a booking made after the move without a reload),
 * and the calendar's placement follows. The longest time the calendar's host did not answer 200
 * during each move is printed (a figure, not an assertion: the machine is noisy).
 */
class PlacementMoveEndToEndTest {

    static final String SLUG = "moving-bakery";
    static final String YAML = """
            apiVersion: calendar.cps.dev/v1alpha1
            kind: CalendarInstance
            metadata:
              name: moving-bakery
            spec:
              title: Moving Bakery
              users:
                - {name: Jack, key: j}
                - {name: Bonnie, key: b}
              placement: %s
            """;

    @TempDir
    Path folder;
    LocalStack stack;
    EndToEnd e2e;
    Chromium chromium;

    @BeforeEach
    void start() throws Exception {
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
        stack = LocalStack.start(folder, 0);
        e2e = new EndToEnd(folder, stack);
        chromium = Chromium.launch();
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aCalendarMovedToThePoolAndBackKeepsItsBookingsAndItsOpenPageFollows() {
        e2e.write(SLUG, YAML.formatted("Dedicated"));
        e2e.awaitPhase(SLUG, Phase.Active);
        eventually().until(() -> e2e.pageStatus(SLUG) == 200);
        assertThat(stack.placementOf(SLUG)).isEqualTo("Dedicated");
        String passcode = eventually().until(() -> stack.passcodeOf(EndToEnd.NAMESPACE, SLUG), Optional::isPresent).orElseThrow();

        try (CalendarPage page = CalendarPage.openInOwnBrowser(chromium.browser(), stack.urlOf(SLUG), passcode)) {
            String date = page.selectedDate();
            page.moveTo("09:00");
            page.press("j");
            assertThat(page.booking("Jack", date, "09:00")).isVisible();

            Duration toShared = move("Shared", "Shared (calendar-pool-shared)");
            assertThat(e2e.deployment(SLUG)).as("the calendar's own Deployment is gone once the pool serves it").isNull();
            assertThat(stack.appPorts(EndToEnd.NAMESPACE, "calendar-pool-shared")).as("the pool's processes").isNotEmpty();
            // the booking made before the move
            assertThat(page.booking("Jack", date, "09:00")).isVisible();
            assertThat(page.connection()).hasAttribute("data-state", "live");
            page.moveTo("11:00");
            page.press("b");
            // booked on the pool from the page left open
            assertThat(page.booking("Bonnie", date, "11:00")).isVisible();

            Duration toDedicated = move("Dedicated", "Dedicated");
            eventually().until(() -> e2e.deployment(SLUG) != null);
            assertThat(page.connection()).hasAttribute("data-state", "live");
            page.moveTo("13:00");
            page.press("j");
            assertThat(page.booking("Jack", date, "13:00")).isVisible();

            try (CalendarPage fresh = CalendarPage.openInOwnBrowser(chromium.browser(), stack.urlOf(SLUG), passcode)) {
                // nothing lost over two moves
                assertThat(fresh.booking("Jack", date, "09:00")).isVisible();
                assertThat(fresh.booking("Bonnie", date, "11:00")).isVisible();
                assertThat(fresh.booking("Jack", date, "13:00")).isVisible();
            }
            System.out.printf("placement move: longest time the calendar's host did not answer 200: to Shared %d ms, back to Dedicated %d ms%n",
                    toShared.toMillis(), toDedicated.toMillis());
        }
    }

    /** Edits the placement, waits until the stack routes the host as {@code expected}; answers the longest outage seen meanwhile. */
    private Duration move(String placement, String expected) {
        AtomicBoolean watching = new AtomicBoolean(true);
        AtomicLong longestMillis = new AtomicLong();
        Thread watcher = new Thread(() -> {
            long downSince = -1;
            while (watching.get()) {
                long now = System.nanoTime();
                boolean up = answers();
                if (!up && downSince < 0) {
                    downSince = now;
                } else if (up && downSince >= 0) {
                    longestMillis.accumulateAndGet((now - downSince) / 1_000_000, Math::max);
                    downSince = -1;
                }
                sleep(50);
            }
        }, "outage-watch");
        watcher.start();
        try {
            e2e.write(SLUG, YAML.formatted(placement));
            eventually().atMost(Duration.ofSeconds(60)).until(() -> expected.equals(stack.placementOf(SLUG)));
            e2e.awaitPhase(SLUG, Phase.Active);
            // the old backend goes after the route moved: watch on until it is gone
            eventually().atMost(Duration.ofSeconds(60)).until(() -> placement.equals("Shared")
                    ? e2e.deployment(SLUG) == null
                    : e2e.instance(SLUG).getStatus().getPool() == null);
            sleep(1_000);
        } finally {
            watching.set(false);
            join(watcher);
        }
        return Duration.ofMillis(longestMillis.get());
    }

    private boolean answers() {
        try {
            return e2e.pageStatus(SLUG) == 200;
        } catch (UncheckedIOException | NumberFormatException | NullPointerException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
