package dev.cps.calendar.local;

import dev.cps.calendar.api.UserColor;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.app.page.CalendarPage;
import dev.cps.calendar.testing.Chromium;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.Phase;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.cps.calendar.local.EndToEnd.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole product through the local stack, as its two kinds of users meet it: a platform
 * engineer writes CalendarInstance YAML into a folder; team members book in real browsers at
 * {@code http://<slug>.localhost:<port>/}. One stack and one Chromium serve every test; each test
 * has its own calendar (its slug is its file name).
 */
class LocalStackEndToEndTest {

    /** Other people's changes must show within a second; a YAML edit within two. */
    private static final LocatorAssertions.IsVisibleOptions WITHIN_A_SECOND = new LocatorAssertions.IsVisibleOptions().setTimeout(1_000);
    private static final LocatorAssertions.HasCountOptions COUNT_WITHIN_A_SECOND = new LocatorAssertions.HasCountOptions().setTimeout(1_000);
    private static final LocatorAssertions.HasTextOptions TEXT_WITHIN_TWO_SECONDS = new LocatorAssertions.HasTextOptions().setTimeout(2_000);

    @TempDir
    static Path folder;
    private static LocalStack stack;
    private static Chromium chromium;
    private static EndToEnd platform;
    private final List<CalendarPage> browsers = new ArrayList<>();

    @BeforeAll
    static void startStackAndBrowser() throws Exception {
        // the stand-in API server logs every request at INFO
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
        stack = LocalStack.start(folder, 0);
        platform = new EndToEnd(folder, stack);
        chromium = Chromium.launch();
    }

    @AfterAll
    static void stopEverything() {
        if (chromium != null) {
            chromium.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(CalendarPage::close);
    }

    /** Opens the calendar as a new user does: the passcode from the table (its Secret), typed on the passcode screen. */
    private CalendarPage open(String slug) {
        String passcode = eventually().until(() -> stack.passcodeOf(EndToEnd.NAMESPACE, slug), Optional::isPresent).orElseThrow();
        CalendarPage calendar = CalendarPage.openInOwnBrowser(chromium.browser(), stack.urlOf(slug), passcode);
        browsers.add(calendar);
        return calendar;
    }

    @Test
    void aNewCalendarForThreePeopleIsServedAtItsUrlWithTheTitleLegendColorsAndKeysOfTheYaml() {
        platform.write("harbour-dental", """
                apiVersion: calendar.cps.dev/v1alpha1
                kind: CalendarInstance
                metadata:
                  name: harbour-dental
                spec:
                  title: Harbour Dental
                  subtitle: chair rota
                  users:
                    - {name: Priya, key: p}
                    - {name: Tom, key: t}
                    - {name: Mele, key: m}
                  colors:
                    user3: teal
                  timezone: UTC
                """);

        CalendarInstance instance = platform.awaitPhase("harbour-dental", Phase.Active);
        assertThat(EndToEnd.readyStatus(instance)).isEqualTo("True");
        assertThat(instance.getStatus().getUrl()).as("the URL that works, with the router's port").isEqualTo("http://harbour-dental.localhost:" + stack.port());
        assertThat(instance.getStatus().getReadyReplicas()).isEqualTo(1);

        String passcode = eventually().until(() -> stack.passcodeOf(EndToEnd.NAMESPACE, "harbour-dental"), Optional::isPresent)
                .orElseThrow();
        eventually().until(() -> stack.table().lines().anyMatch(line -> line.contains("harbour-dental") && line.endsWith(passcode)));
        assertThat(stack.table().lines().findFirst().orElseThrow()).as("the table says which passcode opens each calendar")
                .endsWith("PASSCODE");

        CalendarPage calendar = open("harbour-dental");
        assertThat(calendar.title()).hasText("Harbour Dental - chair rota");
        assertThat(calendar.page).hasTitle("Harbour Dental - chair rota");
        assertThat(calendar.legendNames()).hasText(new String[] {"Priya", "Tom", "Mele"});
        assertThat(calendar.legendItem("Priya").locator(".swatch")).hasCSS("background-color", UserColor.NAMED.get("green").css());
        assertThat(calendar.legendItem("Tom").locator(".swatch")).hasCSS("background-color", UserColor.NAMED.get("red").css());
        assertThat(calendar.legendItem("Mele").locator(".swatch")).hasCSS("background-color", UserColor.NAMED.get("teal").css());
        assertThat(calendar.legendItem("Priya").locator("kbd")).hasText("P");
        // T is the page's "today" key too: Tom keeps it and "today" moves to H
        assertThat(calendar.legendItem("Tom").locator("kbd")).hasText("T");
        assertThat(calendar.legendItem("Mele").locator("kbd")).hasText("M");

        // the week's rota, booked with the keyboard as the three of them would (and the README's picture)
        LocalDate monday = LocalDate.parse(calendar.selectedDate()).with(DayOfWeek.MONDAY);
        book(calendar, DayOfWeek.MONDAY, "08:00", 3, "p");
        book(calendar, DayOfWeek.MONDAY, "13:00", 2, "t");
        book(calendar, DayOfWeek.TUESDAY, "09:00", 2, "m");
        book(calendar, DayOfWeek.TUESDAY, "14:00", 3, "p");
        book(calendar, DayOfWeek.WEDNESDAY, "08:00", 2, "t");
        book(calendar, DayOfWeek.WEDNESDAY, "12:00", 1, "m");
        book(calendar, DayOfWeek.THURSDAY, "10:00", 2, "p");
        book(calendar, DayOfWeek.THURSDAY, "15:00", 2, "t");
        book(calendar, DayOfWeek.FRIDAY, "08:00", 3, "m");
        book(calendar, DayOfWeek.FRIDAY, "13:00", 1, "p");
        assertThat(calendar.page.locator(".booking")).hasCount(10);
        assertThat(calendar.booking("Priya", monday.toString(), "08:00")).hasCSS("background-color", UserColor.NAMED.get("green").css());
        assertThat(calendar.booking("Tom", monday.toString(), "13:00")).hasCSS("background-color", UserColor.NAMED.get("red").css());
        assertThat(calendar.booking("Mele", monday.plusDays(1).toString(), "09:00")).hasCSS("background-color", UserColor.NAMED.get("teal").css());
        calendar.moveToDay(DayOfWeek.WEDNESDAY);
        calendar.moveTo("10:00");
        calendar.screenshot(EndToEnd.screenshot("01-new-calendar-three-people"));
    }

    private static void book(CalendarPage calendar, DayOfWeek day, String time, int hours, String key) {
        calendar.moveToDay(day);
        calendar.moveTo(time);
        calendar.press(String.valueOf(hours), key);
        assertThat(calendar.page.locator(".booking[data-date='" + calendar.selectedDate() + "'][data-time='" + time + "']"))
                .hasAttribute("data-duration", String.valueOf(hours));
    }

    @Test
    void aHotkeyBookingInOneBrowserAppearsInTheOtherAConflictIsRefusedAndDeleteRemovesItFromBoth() {
        platform.write("live-sync", """
                apiVersion: calendar.cps.dev/v1alpha1
                kind: CalendarInstance
                metadata:
                  name: live-sync
                spec:
                  title: Live Sync
                  users:
                    - {name: Jack, key: j}
                    - {name: Bonnie, key: b}
                  timezone: UTC
                """);
        platform.awaitPhase("live-sync", Phase.Active);
        CalendarPage jack = open("live-sync");
        CalendarPage bonnie = open("live-sync");
        String date = jack.selectedDate();

        jack.moveTo("10:00");
        jack.press("2", "j");
        assertThat(bonnie.booking("Jack", date, "10:00")).isVisible(WITHIN_A_SECOND);
        assertThat(bonnie.booking("Jack", date, "10:00")).hasAttribute("data-duration", "2");
        bonnie.screenshot(EndToEnd.screenshot("02-live-booking-seen-by-the-other-browser"));

        // 11:00 is the second hour of Jack's booking
        bonnie.moveTo("11:00");
        bonnie.press("1", "b");
        assertThat(bonnie.errorMessage()).containsText("overlaps the booking of Jack");
        bonnie.screenshot(EndToEnd.screenshot("03-conflict-refused-with-a-message"));
        assertThat(bonnie.page.locator(".booking[data-user=Bonnie]")).hasCount(0);
        assertThat(jack.page.locator(".booking[data-user=Bonnie]")).hasCount(0);

        bonnie.press("Delete");
        assertThat(jack.bookingsOn(date)).hasCount(0, COUNT_WITHIN_A_SECOND);
        assertThat(bonnie.bookingsOn(date)).hasCount(0, COUNT_WITHIN_A_SECOND);
        jack.screenshot(EndToEnd.screenshot("04-deleted-with-the-keyboard-gone-in-both"));
    }

    @Test
    void editingTheYamlRedrawsOpenPagesWithinTwoSecondsWithoutRestartingTheApp() {
        String before = """
                apiVersion: calendar.cps.dev/v1alpha1
                kind: CalendarInstance
                metadata:
                  name: edited
                spec:
                  title: Northwind
                  users:
                    - {name: Jack, key: j}
                    - {name: Bonnie, key: b}
                    - {name: Clyde, key: c}
                  timezone: UTC
                """;
        platform.write("edited", before);
        platform.awaitPhase("edited", Phase.Active);
        CalendarPage first = open("edited");
        CalendarPage second = open("edited");
        String date = first.selectedDate();
        first.press("j");
        assertThat(second.booking("Jack", date, "08:00")).isVisible(WITHIN_A_SECOND);
        for (CalendarPage page : List.of(first, second)) {
            page.page.evaluate("() => { window.__sameDocument = true; }");
        }
        Deployment deployment = platform.deployment("edited");
        List<Integer> appPorts = stack.appPorts(EndToEnd.NAMESPACE, "edited");
        assertThat(appPorts).hasSize(1);

        platform.write("edited", before
                .replace("title: Northwind", "title: Northwind Design Studio")
                .replace("    - {name: Clyde, key: c}\n", "    - {name: Clyde, key: c}\n    - {name: Dora, key: d}\n  colors:\n    user1: blue\n"));

        for (CalendarPage page : List.of(first, second)) {
            assertThat(page.title()).hasText("Northwind Design Studio", TEXT_WITHIN_TWO_SECONDS);
            assertThat(page.legendNames()).hasText(new String[] {"Jack", "Bonnie", "Clyde", "Dora"}, TEXT_WITHIN_TWO_SECONDS);
            assertThat(page.legendItem("Jack").locator(".swatch")).hasCSS("background-color", UserColor.NAMED.get("blue").css());
            assertThat(page.legendItem("Dora").locator(".swatch")).hasCSS("background-color", UserColor.NAMED.get("orange").css());
            assertThat(page.booking("Jack", date, "08:00")).hasCSS("background-color", UserColor.NAMED.get("blue").css());
            assertThat(page.page.evaluate("() => window.__sameDocument === true")).isEqualTo(true);
        }
        second.screenshot(EndToEnd.screenshot("05-yaml-edit-shown-without-reload"));
        first.moveTo("09:00");
        first.press("d");
        assertThat(second.booking("Dora", date, "09:00")).isVisible(WITHIN_A_SECOND);

        platform.awaitPhase("edited", Phase.Active);
        Deployment after = platform.deployment("edited");
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(deployment.getMetadata().getResourceVersion());
        assertThat(after.getSpec().getTemplate()).isEqualTo(deployment.getSpec().getTemplate());
        assertThat(stack.appPorts(EndToEnd.NAMESPACE, "edited")).isEqualTo(appPorts);
    }

    @Test
    void suspendingStopsTheAppAndKeepsTheBookingsForWhenItIsResumed() {
        String yaml = """
                apiVersion: calendar.cps.dev/v1alpha1
                kind: CalendarInstance
                metadata:
                  name: seasonal
                spec:
                  title: Seasonal Shop
                  users:
                    - {name: Jack, key: j}
                    - {name: Bonnie, key: b}
                  timezone: UTC
                  suspended: false
                """;
        platform.write("seasonal", yaml);
        platform.awaitPhase("seasonal", Phase.Active);
        CalendarPage calendar = open("seasonal");
        String date = calendar.selectedDate();
        calendar.moveTo("14:00");
        calendar.press("3", "b");
        assertThat(calendar.booking("Bonnie", date, "14:00")).isVisible(WITHIN_A_SECOND);

        platform.write("seasonal", yaml.replace("suspended: false", "suspended: true"));
        platform.awaitPhase("seasonal", Phase.Suspended);
        eventually().until(() -> stack.appPorts(EndToEnd.NAMESPACE, "seasonal").isEmpty());
        eventually().until(() -> platform.instance("seasonal").getStatus().getReadyReplicas() == 0);
        assertThat(platform.pageStatus("seasonal")).isEqualTo(503);
        assertThat(calendar.connection()).not().hasAttribute("data-state", "live");
        calendar.screenshot(EndToEnd.screenshot("06-suspended-page-unavailable"));
        assertThat(platform.redisKeys("seasonal")).contains(InstanceKeys.of("seasonal").config(),
                InstanceKeys.of("seasonal").bookingDay(LocalDate.parse(date)));

        platform.write("seasonal", yaml);
        platform.awaitPhase("seasonal", Phase.Active);
        assertThat(platform.pageStatus("seasonal")).isEqualTo(200);
        CalendarPage resumed = open("seasonal");
        assertThat(resumed.booking("Bonnie", date, "14:00")).isVisible();
        assertThat(resumed.booking("Bonnie", date, "14:00")).hasAttribute("data-duration", "3");
        resumed.screenshot(EndToEnd.screenshot("07-resumed-bookings-still-there"));
    }

    @Test
    void aCalendarRoutedByAnHttpRouteIsServedAtItsHostWithoutAnIngress() {
        platform.write("gateway-team", """
                apiVersion: calendar.cps.dev/v1alpha1
                kind: CalendarInstance
                metadata:
                  name: gateway-team
                spec:
                  title: Gateway Team
                  users:
                    - {name: Jack, key: j}
                    - {name: Bonnie, key: b}
                  route:
                    kind: HTTPRoute
                """);
        platform.awaitPhase("gateway-team", Phase.Active);

        eventually().until(() -> platform.pageStatus("gateway-team") == 200);
        var route = stack.client().resources(io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class)
                .inNamespace(EndToEnd.NAMESPACE).withName("gateway-team").get();
        assertThat(route.getSpec().getParentRefs().get(0).getName()).isEqualTo("local");
        assertThat(stack.client().network().v1().ingresses().inNamespace(EndToEnd.NAMESPACE).withName("gateway-team").get()).isNull();

        platform.remove("gateway-team");
        eventually().until(() -> platform.pageStatus("gateway-team") == 404);
    }

    @Test
    void removingTheFileDeletesTheCalendarAndItsRedisData() {
        platform.write("farewell", """
                apiVersion: calendar.cps.dev/v1alpha1
                kind: CalendarInstance
                metadata:
                  name: farewell
                spec:
                  title: Farewell
                  users:
                    - {name: Jack, key: j}
                    - {name: Bonnie, key: b}
                  timezone: UTC
                """);
        platform.awaitPhase("farewell", Phase.Active);
        CalendarPage calendar = open("farewell");
        calendar.press("j");
        assertThat(calendar.page.locator(".booking[data-user=Jack]")).hasCount(1, COUNT_WITHIN_A_SECOND);
        calendar.screenshot(EndToEnd.screenshot("08-before-removing-the-file"));
        assertThat(platform.redisKeys("farewell")).hasSizeGreaterThan(2);
        assertThat(platform.redisUserExists("farewell")).isTrue();

        platform.remove("farewell");

        eventually().until(() -> platform.instance("farewell") == null);
        eventually().until(() -> platform.redisKeys("farewell").isEmpty());
        assertThat(platform.redisUserExists("farewell")).isFalse();
        eventually().until(() -> platform.pageStatus("farewell") == 404);
        eventually().until(() -> stack.appPorts(EndToEnd.NAMESPACE, "farewell").isEmpty());
    }

    @Test
    void removingTheFileOfARetainedCalendarKeepsItsBookingsForItsReturn() {
        String yaml = """
                apiVersion: calendar.cps.dev/v1alpha1
                kind: CalendarInstance
                metadata:
                  name: keepsake
                spec:
                  title: Keepsake
                  users:
                    - {name: Jack, key: j}
                    - {name: Bonnie, key: b}
                  timezone: UTC
                  deletionPolicy: Retain
                """;
        platform.write("keepsake", yaml);
        platform.awaitPhase("keepsake", Phase.Active);
        CalendarPage calendar = open("keepsake");
        String date = calendar.selectedDate();
        calendar.moveTo("16:00");
        calendar.press("2", "b");
        assertThat(calendar.booking("Bonnie", date, "16:00")).isVisible(WITHIN_A_SECOND);
        var keys = platform.redisKeys("keepsake");

        platform.remove("keepsake");

        eventually().until(() -> platform.instance("keepsake") == null);
        eventually().until(() -> platform.pageStatus("keepsake") == 404);
        assertThat(platform.redisKeys("keepsake")).containsAll(keys);

        platform.write("keepsake", yaml);
        platform.awaitPhase("keepsake", Phase.Active);
        CalendarPage back = open("keepsake");
        assertThat(back.booking("Bonnie", date, "16:00")).isVisible();
        back.screenshot(EndToEnd.screenshot("09-retained-data-back-with-the-file"));
    }

    @Test
    void anInvalidFileIsRefusedWithTheRulesMessageAndTheOtherCalendarsKeepWorking() {
        String valid = """
                apiVersion: calendar.cps.dev/v1alpha1
                kind: CalendarInstance
                metadata:
                  name: neighbour
                spec:
                  title: Good Neighbour
                  users:
                    - {name: Jack, key: j}
                    - {name: Bonnie, key: b}
                  timezone: UTC
                """;
        platform.write("neighbour", valid);
        platform.awaitPhase("neighbour", Phase.Active);
        platform.write("keys-clash", """
                apiVersion: calendar.cps.dev/v1alpha1
                kind: CalendarInstance
                metadata:
                  name: keys-clash
                spec:
                  title: Keys Clash
                  users:
                    - {name: Jack, key: j}
                    - {name: Jill, key: J}
                """);
        platform.write("long-key", """
                apiVersion: calendar.cps.dev/v1alpha1
                kind: CalendarInstance
                metadata:
                  name: long-key
                spec:
                  title: Long Key
                  users:
                    - {name: Jack, key: jj}
                    - {name: Bonnie, key: b}
                """);
        // an invalid edit of a running calendar leaves it as it was
        platform.write("neighbour", valid.replace("  timezone: UTC\n", "  timezone: UTC\n  colors:\n    user3: purple\n"));

        eventually().until(() -> stack.refusals().size() == 3);
        assertThat(String.join("\n", stack.refusals().get(folder.resolve("keys-clash.yaml"))))
                .contains("user keys must be unique, ignoring case (j and J are the same hotkey): j, J belong to more than one user");
        // as the API server says it: past the key's length bound, its CEL rule is not evaluated
        assertThat(String.join("\n", stack.refusals().get(folder.resolve("long-key.yaml"))))
                .contains("spec.users[0].key: Too long: may not be more than 1 byte");
        assertThat(String.join("\n", stack.refusals().get(folder.resolve("neighbour.yaml"))))
                .contains("colors may only name positions that have a user: colors.user3 needs three users");
        assertThat(stack.table()).contains("refused keys-clash.yaml: default/keys-clash:");
        assertThat(platform.instance("keys-clash")).isNull();
        assertThat(platform.instance("long-key")).isNull();
        assertThat(platform.instance("neighbour").getSpec().getColors()).isNull();

        CalendarPage calendar = open("neighbour");
        assertThat(calendar.title()).hasText("Good Neighbour");
        calendar.press("b");
        assertThat(calendar.page.locator(".booking[data-user=Bonnie]")).hasCount(1, COUNT_WITHIN_A_SECOND);
        calendar.screenshot(EndToEnd.screenshot("10-valid-neighbour-of-refused-files"));

        platform.write("neighbour", valid.replace("Good Neighbour", "Good Neighbour, fixed"));
        platform.remove("keys-clash");
        eventually().until(() -> stack.refusals().keySet().equals(java.util.Set.of(folder.resolve("long-key.yaml"))));
        assertThat(calendar.title()).hasText("Good Neighbour, fixed", TEXT_WITHIN_TWO_SECONDS);
    }
}
