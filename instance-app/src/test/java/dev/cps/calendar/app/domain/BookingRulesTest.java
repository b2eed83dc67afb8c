package dev.cps.calendar.app.domain;

import dev.cps.calendar.api.BookableHours;
import dev.cps.calendar.api.CalendarUser;
import dev.cps.calendar.api.InstanceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BookingRulesTest {

    static final Instant NOW = Instant.parse("2024-01-20T09:00:00Z");

    /** A calendar with Jack and Bonnie, bookable 8 to 18. */
    static BookingRules jackAndBonnie() {
        return new BookingRules(new InstanceConfig("team", "Team", null, null,
                List.of(new CalendarUser("Jack", "j", null), new CalendarUser("Bonnie", "b", null)),
                Map.of(), null, new BookableHours(8, 18), null, null));
    }

    @Test
    void jackBooksTenOClockForTwoHours() {
        Booking booking = jackAndBonnie().check(new BookingRequest("2024-01-21", "10:00", "Jack", 2), NOW);

        assertThat(booking.date()).isEqualTo(LocalDate.of(2024, 1, 21));
        assertThat(booking.startHour()).isEqualTo(10);
        assertThat(booking.user()).isEqualTo("Jack");
        assertThat(booking.duration()).isEqualTo(2);
        assertThat(booking.createdAt()).isEqualTo(NOW);
        assertThat(booking.occupies(10)).isTrue();
        assertThat(booking.occupies(11)).isTrue();
        assertThat(booking.occupies(12)).isFalse();
    }

    @Test
    void aBookingMayFillTheLastHoursExactly() {
        assertThat(jackAndBonnie().check(new BookingRequest("2024-01-21", "15:00", "Bonnie", 3), NOW).endHour()).isEqualTo(18);
        assertThat(jackAndBonnie().check(new BookingRequest("2024-01-21", "08:00", "Bonnie", 1), NOW).startHour()).isEqualTo(8);
    }

    @ParameterizedTest(name = "{0} {1} {2} for {3}h is refused: {4}")
    @CsvSource(delimiter = '|', value = {
            "2024-02-30 | 10:00 | Jack  | 1 | not a real date",
            "2023-02-29 | 10:00 | Jack  | 1 | not a real date",
            "2024-1-21  | 10:00 | Jack  | 1 | YYYY-MM-DD",
            "21.01.2024 | 10:00 | Jack  | 1 | YYYY-MM-DD",
            "2024-01-21 | 10:30 | Jack  | 1 | whole hour",
            "2024-01-21 | 10    | Jack  | 1 | whole hour",
            "2024-01-21 | 24:00 | Jack  | 1 | whole hour",
            "2024-01-21 | 07:00 | Jack  | 1 | outside the bookable hours 08:00-18:00",
            "2024-01-21 | 18:00 | Jack  | 1 | outside the bookable hours",
            "2024-01-21 | 10:00 | Jack  | 0 | 1, 2 or 3 hours",
            "2024-01-21 | 10:00 | Jack  | 4 | 1, 2 or 3 hours",
            "2024-01-21 | 10:00 | Jack  | -1 | 1, 2 or 3 hours",
            "2024-01-21 | 17:00 | Jack  | 2 | would end after the bookable hours",
            "2024-01-21 | 10:00 | Clyde | 1 | \"Clyde\" is not a user of this calendar; its users are Jack, Bonnie",
            "2024-01-21 | 10:00 | jack  | 1 | not a user",
    })
    void aRequestThatBreaksARuleIsRefusedWithAReason(String date, String time, String user, int duration, String reason) {
        assertThatThrownBy(() -> jackAndBonnie().check(new BookingRequest(date, time, user, duration), NOW))
                .isInstanceOf(InvalidBookingException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void everyMissingFieldIsNamed() {
        BookingRules rules = jackAndBonnie();
        assertThatThrownBy(() -> rules.check(new BookingRequest(null, "10:00", "Jack", 1), NOW)).hasMessageContaining("date is missing");
        assertThatThrownBy(() -> rules.check(new BookingRequest("2024-01-21", null, "Jack", 1), NOW)).hasMessageContaining("time is missing");
        assertThatThrownBy(() -> rules.check(new BookingRequest("2024-01-21", "10:00", null, 1), NOW)).hasMessageContaining("user is missing");
        assertThatThrownBy(() -> rules.check(new BookingRequest("2024-01-21", "10:00", "Jack", null), NOW)).hasMessageContaining("duration is missing");
    }

    @Test
    void aCalendarBookableAllDayTakesTheLastHourOfTheDay() {
        BookingRules allDay = new BookingRules(new InstanceConfig("s", "T", null, null,
                List.of(new CalendarUser("Jack", "j", null)), null, null, new BookableHours(0, 24), null, null));

        Booking late = allDay.check(new BookingRequest("2024-01-21", "21:00", "Jack", 3), NOW);

        assertThat(late.endHour()).isEqualTo(24);
        assertThat(late.describe()).isEqualTo("Jack 21:00-24:00");
    }

    @Test
    void aSlotIsFoundByDateAndTimeEvenOutsideTodaysHours() {
        assertThat(BookingRules.slot("2024-01-21", "06:00")).isEqualTo(new Slot(LocalDate.of(2024, 1, 21), 6));
        assertThatThrownBy(() -> BookingRules.slot("2024-01-21", "6:00")).isInstanceOf(InvalidBookingException.class);
    }

    @Test
    void datesAreBookableFromTwoYearsBackToFiveYearsAhead() {
        BookingRules rules = jackAndBonnie();
        assertThat(rules.check(new BookingRequest("2022-01-20", "10:00", "Jack", 1), NOW).date()).isEqualTo(LocalDate.of(2022, 1, 20));
        assertThat(rules.check(new BookingRequest("2029-01-20", "10:00", "Jack", 1), NOW).date()).isEqualTo(LocalDate.of(2029, 1, 20));
        for (String date : List.of("2022-01-19", "2029-01-21", "0000-01-01", "9999-12-31")) {
            assertThatThrownBy(() -> rules.check(new BookingRequest(date, "10:00", "Jack", 1), NOW))
                    .isInstanceOf(InvalidBookingException.class)
                    .hasMessageContaining("outside the bookable dates 2022-01-20 to 2029-01-20");
        }
    }

    @Test
    void theHourTheClocksSkipIsNotBookableButTheHourTheyRepeatIs() {
        BookingRules berlin = new BookingRules(new InstanceConfig("team", "Team", null, null,
                List.of(new CalendarUser("Jack", "j", null), new CalendarUser("Bonnie", "b", null)),
                Map.of(), "Europe/Berlin", new BookableHours(0, 24), null, null));
        assertThatThrownBy(() -> berlin.check(new BookingRequest("2024-03-31", "02:00", "Jack", 1), NOW))
                .isInstanceOf(InvalidBookingException.class)
                .hasMessage("02:00 does not exist on 2024-03-31 in Europe/Berlin: the clocks go forward over it");
        assertThatThrownBy(() -> berlin.check(new BookingRequest("2024-03-31", "01:00", "Jack", 3), NOW))
                .hasMessageContaining("02:00 does not exist");
        assertThat(berlin.check(new BookingRequest("2024-10-27", "02:00", "Jack", 1), NOW).startHour()).isEqualTo(2);
    }
}
