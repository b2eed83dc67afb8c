package dev.cps.calendar.operator.reconciler;

import dev.cps.calendar.api.UserColor;
import dev.cps.calendar.api.BookableHours;
import dev.cps.calendar.api.CalendarUser;
import dev.cps.calendar.operator.customresource.ColorsSpec;
import dev.cps.calendar.operator.customresource.HoursSpec;
import dev.cps.calendar.operator.customresource.UserSpec;
import dev.cps.calendar.operator.testing.Calendars;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the operator checks itself, and the config it makes from a spec. */
class SpecCheckTest {

    @Test
    void jackAndBonniesCalendarIsFine() {
        assertThat(SpecCheck.problems(Calendars.jackAndBonnie("ns", "eclipse"))).isEmpty();
    }

    @Test
    void aTimeZoneThatDoesNotExistIsAProblemNamedInTheMessage() {
        var instance = Calendars.jackAndBonnie("ns", "eclipse");
        instance.getSpec().setTimezone("Europe/Atlantis");
        assertThat(SpecCheck.problems(instance)).hasValueSatisfying(m -> assertThat(m).contains("Europe/Atlantis"));

        instance.getSpec().setTimezone("Australia/Sydney");
        assertThat(SpecCheck.problems(instance)).isEmpty();
    }

    @Test
    void whatTheSchemaRefusesIsCheckedAgain() {
        var instance = Calendars.jackAndBonnie("ns", "eclipse");
        instance.getSpec().setUsers(List.of(new UserSpec("Jack", "j"), new UserSpec("Jack", "J")));
        instance.getSpec().setHours(new HoursSpec(18, 8));
        var colors = new ColorsSpec();
        colors.setUser3("purple");
        instance.getSpec().setColors(colors);

        assertThat(SpecCheck.problems(instance)).hasValueSatisfying(message -> assertThat(message)
                .contains("user name 'Jack' appears twice")
                .contains("key 'J' is used twice")
                .contains("hours must satisfy 0 <= start < end <= 24, got 18-8")
                .contains("colors.user3 is set but there are only 2 users"));
    }

    @Test
    void aPoolNeedsSharedPlacementAndADnsLabel() {
        var instance = Calendars.jackAndBonnie("ns", "eclipse");
        instance.getSpec().setPool("small-teams");
        assertThat(SpecCheck.problems(instance)).hasValueSatisfying(m -> assertThat(m).contains("pool needs placement: Shared"));

        instance.getSpec().setPlacement(dev.cps.calendar.operator.customresource.Placement.Shared);
        assertThat(SpecCheck.problems(instance)).isEmpty();
        assertThat(instance.getSpec().sharedPool()).contains("small-teams");

        instance.getSpec().setPool("Small_Teams");
        assertThat(SpecCheck.problems(instance)).hasValueSatisfying(m -> assertThat(m).contains("'Small_Teams' is not a DNS label"));

        instance.getSpec().setPool(null);
        assertThat(instance.getSpec().sharedPool()).as("the default pool").contains("shared");
    }

    @Test
    void aSlugThatIsNotADnsLabelIsAProblem() {
        var instance = Calendars.jackAndBonnie("ns", "eclipse");
        instance.getSpec().setSlug("Not_A_Label");
        assertThat(SpecCheck.problems(instance)).hasValueSatisfying(m -> assertThat(m).contains("Not_A_Label"));
    }

    @Test
    void aSlugThatWouldTakeAPoolsNamesIsAProblem() {
        var instance = Calendars.jackAndBonnie("ns", "eclipse");
        instance.getSpec().setSlug("calendar-pool-shared");
        assertThat(SpecCheck.problems(instance)).hasValueSatisfying(m -> assertThat(m)
                .contains("slug 'calendar-pool-shared' starts with calendar-pool-, which names the objects of Shared calendars' pools"));
    }

    @Test
    void theConfigResolvesColorsByPositionAndDefaultsTheRest() {
        var instance = Calendars.jackAndBonnie("ns", "eclipse");
        instance.getSpec().setUsers(List.of(new UserSpec("Jack", "j"), new UserSpec("Bonnie", "b"), new UserSpec("Clyde", "c")));
        var colors = new ColorsSpec();
        colors.setUser2("#0a0b0c");
        colors.setUser3("teal");
        instance.getSpec().setColors(colors);

        var config = DesiredConfig.of(instance);

        assertThat(config.slug()).isEqualTo("eclipse");
        assertThat(config.displayTitle()).isEqualTo("Eclipse Financial Solutions - xplan");
        assertThat(config.users()).containsExactly(
                new CalendarUser("Jack", "j", UserColor.NAMED.get("green").hex()),
                new CalendarUser("Bonnie", "b", "#0a0b0c"),
                new CalendarUser("Clyde", "c", UserColor.NAMED.get("teal").hex()));
        assertThat(config.colors()).as("no colors map: each user carries the color it resolves to").isNull();
        assertThat(config.timezone()).isEqualTo("UTC");
        assertThat(config.hours()).isEqualTo(BookableHours.DEFAULT);
    }

    @Test
    void halfGivenHoursAreCompletedWithTheDefaults() {
        var instance = Calendars.jackAndBonnie("ns", "eclipse");
        instance.getSpec().setHours(new HoursSpec(null, 20));
        instance.getSpec().setSubtitle(null);
        instance.getSpec().setSlug("eclipse-cal");

        var config = DesiredConfig.of(instance);
        assertThat(config.hours()).isEqualTo(new BookableHours(8, 20));
        assertThat(config.displayTitle()).isEqualTo("Eclipse Financial Solutions");
        assertThat(config.slug()).isEqualTo("eclipse-cal");
    }
}
