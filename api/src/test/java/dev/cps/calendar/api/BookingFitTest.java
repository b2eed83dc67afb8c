package dev.cps.calendar.api;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BookingFitTest {

    private static final InstanceConfig NINE_TO_FIVE = new InstanceConfig("team", "Team", null, "Team",
            List.of(new CalendarUser("Jack", "j", null), new CalendarUser("Bonnie", "b", null)),
            Map.of(), "UTC", new BookableHours(9, 17), null, null);

    @Test
    void aBookingOfACurrentUserInsideTheHoursFits() {
        assertThat(BookingFit.problem(NINE_TO_FIVE, "Jack", 9, 1)).isEmpty();
        assertThat(BookingFit.problem(NINE_TO_FIVE, "Bonnie", 14, 3)).as("ends exactly at the end").isEmpty();
    }

    @Test
    void aBookingOfARemovedOrRenamedUserDoesNot() {
        assertThat(BookingFit.problem(NINE_TO_FIVE, "Clyde", 10, 1)).contains("Clyde is no longer a user of this calendar");
        assertThat(BookingFit.problem(NINE_TO_FIVE, "jack", 10, 1)).as("names are exact").isPresent();
    }

    @Test
    void aBookingThatStartsBeforeOrEndsAfterTheHoursDoesNot() {
        assertThat(BookingFit.problem(NINE_TO_FIVE, "Jack", 8, 1))
                .contains("08:00-09:00 is outside the bookable hours 09:00-17:00");
        assertThat(BookingFit.problem(NINE_TO_FIVE, "Jack", 16, 2))
                .contains("16:00-18:00 is outside the bookable hours 09:00-17:00");
    }

    @Test
    void withoutHoursTheDefaultHoursApply() {
        var noHours = new InstanceConfig("team", "Team", null, "Team", NINE_TO_FIVE.users(), Map.of(), "UTC", null, null, null);

        assertThat(BookingFit.problem(noHours, "Jack", 8, 1)).isEmpty();
        assertThat(BookingFit.problem(noHours, "Jack", 17, 2)).contains("17:00-19:00 is outside the bookable hours 08:00-18:00");
    }
}
