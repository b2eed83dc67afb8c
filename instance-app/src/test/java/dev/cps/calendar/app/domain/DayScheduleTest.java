package dev.cps.calendar.app.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class DayScheduleTest {

    static final LocalDate SUNDAY = LocalDate.of(2024, 1, 21);
    static final Instant NOW = Instant.parse("2024-01-20T09:00:00Z");

    static Booking booking(String user, int hour, int duration) {
        return new Booking(SUNDAY, hour, user, duration, NOW);
    }

    @Test
    void givenJackAt10ForTwoHoursBonnieCannotBook11() {
        DaySchedule day = DaySchedule.empty(SUNDAY).with(booking("Jack", 10, 2));

        assertThat(day.conflictWith(booking("Bonnie", 11, 1), false)).contains(booking("Jack", 10, 2));
        assertThat(day.conflictWith(booking("Bonnie", 9, 2), false)).isPresent();
        assertThat(day.conflictWith(booking("Bonnie", 10, 1), false)).isPresent();
    }

    @Test
    void givenJackAt10ForTwoHoursBonnieCanBookRightBeforeAndRightAfter() {
        DaySchedule day = DaySchedule.empty(SUNDAY).with(booking("Jack", 10, 2));

        assertThat(day.conflictWith(booking("Bonnie", 12, 3), false)).isEmpty();
        assertThat(day.conflictWith(booking("Bonnie", 9, 1), false)).isEmpty();
        assertThat(day.conflictWith(booking("Bonnie", 8, 2), false)).isEmpty();
    }

    @Test
    void jackCanLengthenHisOwnBookingUnlessItRunsIntoBonnies() {
        DaySchedule day = DaySchedule.empty(SUNDAY).with(booking("Jack", 10, 1)).with(booking("Bonnie", 12, 1));

        assertThat(day.conflictWith(booking("Jack", 10, 2), true)).isEmpty();
        assertThat(day.conflictWith(booking("Jack", 10, 3), true)).contains(booking("Bonnie", 12, 1));
        assertThat(day.conflictWith(booking("Jack", 10, 2), false)).as("a new booking at 10:00 is refused").isPresent();
    }

    @Test
    void aScheduleNeverChangesAChangeMakesANewOne() {
        DaySchedule empty = DaySchedule.empty(SUNDAY);
        DaySchedule withJack = empty.with(booking("Jack", 10, 2));
        DaySchedule withoutJack = withJack.without(10);

        assertThat(empty.isEmpty()).isTrue();
        assertThat(withJack.bookings()).containsExactly(booking("Jack", 10, 2));
        assertThat(withJack.startingAt(10)).contains(booking("Jack", 10, 2));
        assertThat(withJack.startingAt(11)).as("11:00 is occupied but nothing starts there").isEmpty();
        assertThat(withoutJack).isEqualTo(empty);
        assertThat(withJack.without(14)).isSameAs(withJack);
    }

    @Test
    void aRenderingIsComputedOncePerSchedule() {
        DaySchedule day = DaySchedule.empty(SUNDAY).with(booking("Jack", 10, 2));
        int[] calls = {0};

        String first = day.rendered(d -> "rendered " + (++calls[0]));
        String second = day.rendered(d -> "rendered " + (++calls[0]));

        assertThat(first).isEqualTo("rendered 1").isSameAs(second);
        assertThat(day.with(booking("Bonnie", 14, 1)).<String>rendered(d -> "fresh")).isEqualTo("fresh");
    }

    @Test
    void aConflictSaysWhoHasTheHours() {
        var e = new BookingConflictException(booking("Bonnie", 11, 1), booking("Jack", 10, 2));

        assertThat(e.getMessage()).isEqualTo("11:00-12:00 on 2024-01-21 overlaps the booking of Jack 10:00-12:00");
    }
}
