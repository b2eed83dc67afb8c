package dev.cps.calendar.app.pool;

import dev.cps.calendar.app.AppThreads;
import dev.cps.calendar.app.CalendarApp;
import dev.cps.calendar.app.access.AbuseLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.cps.calendar.app.pool.LoadedCalendar.Entry.BUSY;
import static dev.cps.calendar.app.pool.LoadedCalendar.Entry.CLOSED;
import static dev.cps.calendar.app.pool.LoadedCalendar.Entry.ENTERED;
import static org.assertj.core.api.Assertions.assertThat;

/** A loaded calendar's caps and its unloading: given the demo calendar, in memory. */
class LoadedCalendarTest {

    private final AppThreads threads = AppThreads.own();
    private final LoadedCalendar calendar = new LoadedCalendar(
            CalendarApp.open("demo", Optional.empty(), AbuseLimits.DEFAULT, threads, Optional.empty(), Optional.empty()));

    @AfterEach
    void stop() {
        calendar.close();
        threads.close();
    }

    @Test
    void requestsAndStreamsEachHaveTheirCap() {
        assertThat(calendar.enter(false, 2)).isEqualTo(ENTERED);
        assertThat(calendar.enter(false, 2)).isEqualTo(ENTERED);
        assertThat(calendar.enter(false, 2)).as("a third request at once").isEqualTo(BUSY);
        assertThat(calendar.enter(true, 1)).as("streams are counted apart").isEqualTo(ENTERED);
        assertThat(calendar.enter(true, 1)).isEqualTo(BUSY);
        calendar.leave(false);
        assertThat(calendar.enter(false, 2)).as("a request ended: room for one").isEqualTo(ENTERED);
    }

    @Test
    void itIsUnloadedOnlyWhenNothingUsesItAndStaysClosedAfterwards() {
        assertThat(calendar.enter(true, 5)).isEqualTo(ENTERED);
        assertThat(calendar.closeIfIdle(0)).as("an open stream keeps it loaded").isFalse();
        calendar.leave(true);
        assertThat(calendar.closeIfIdle(60_000_000_000L)).as("used a moment ago").isFalse();
        assertThat(calendar.closeIfIdle(0)).isTrue();
        assertThat(calendar.enter(false, 5)).as("the pool loads it again instead").isEqualTo(CLOSED);
        assertThat(calendar.closeIfIdle(0)).as("closed once").isFalse();
    }
}
