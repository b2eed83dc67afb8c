package dev.cps.calendar.operator.reconciler;

import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.HoursSpec;
import dev.cps.calendar.operator.customresource.Phase;
import dev.cps.calendar.operator.customresource.UserSpec;
import dev.cps.calendar.operator.testing.Calendars;
import dev.cps.calendar.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An edit that removes a user with bookings or narrows the hours leaves bookings that still hold
 * their slots: the status counts the upcoming ones and a Warning Event says so once.
 */
class OrphanedBookingsTest {

    private static final String NS = "orphans";
    private static final String NAME = "team";
    private static OperatorHarness harness;

    @BeforeAll
    static void startOperator() {
        harness = OperatorHarness.start();
        // removals by the app change no resource: the count follows at the periodic resync
        harness.stopOperator();
        harness.resyncEvery(Duration.ofSeconds(2));
        harness.startOperator();
    }

    @AfterAll
    static void stopOperator() {
        harness.close();
    }

    @Test
    void anEditThatOrphansBookingsIsCountedInTheStatusAndWarnedAboutOnce() {
        harness.create(Calendars.jackAndBonnie(NS, NAME));
        await().atMost(Duration.ofSeconds(20)).until(() -> phase() == Phase.Provisioning);
        LocalDate soon = LocalDate.now(ZoneOffset.UTC).plusDays(10);
        try (Jedis redis = harness.admin()) {
            book(redis, soon, "08:00", "Jack", 1);       // outside 9-17 after the edit
            book(redis, soon, "09:00", "Jack", 1);       // still fits
            book(redis, soon, "10:00", "Bonnie", 2);     // Bonnie is removed
            book(redis, soon.plusDays(1), "16:00", "Jack", 2); // ends at 18, after 17
            book(redis, LocalDate.now(ZoneOffset.UTC).minusDays(30), "10:00", "Bonnie", 1); // past: blocks nothing
        }
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> harness.get(NS, NAME).getStatus().getOrphanedBookings() == null);

        harness.edit(NS, NAME, instance -> {
            instance.getSpec().setUsers(List.of(new UserSpec("Jack", "j"), new UserSpec("Clyde", "c")));
            instance.getSpec().setHours(new HoursSpec(9, 17));
        });

        await().atMost(Duration.ofSeconds(20)).until(() -> orphaned() == 3);
        List<Event> warnings = await().atMost(Duration.ofSeconds(10)).until(OrphanedBookingsTest::orphanWarnings, w -> !w.isEmpty());
        assertThat(warnings).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getMessage()).startsWith("3 upcoming booking(s) belong to no current user or fall outside the hours");
        });

        try (Jedis redis = harness.admin()) {
            redis.hdel(InstanceKeys.of(NAME).bookingDay(soon), "10:00"); // an editor removed Bonnie's
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> orphaned() == 2);
        try (Jedis redis = harness.admin()) {
            redis.del(InstanceKeys.of(NAME).bookingDay(soon), InstanceKeys.of(NAME).bookingDay(soon.plusDays(1)));
            redis.zrem(InstanceKeys.of(NAME).bookingDays(), soon.toString(), soon.plusDays(1).toString());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.get(NS, NAME).getStatus().getOrphanedBookings() == null);
        assertThat(orphanWarnings()).as("fewer orphans are no news: one Warning, for the edit").hasSize(1);
    }

    /** A booking as the app stores it. */
    private static void book(Jedis redis, LocalDate date, String time, String user, int duration) {
        var keys = InstanceKeys.of(NAME);
        redis.hset(keys.bookingDay(date), time,
                "{\"user\":\"" + user + "\",\"duration\":" + duration + ",\"createdAt\":\"2026-01-01T00:00:00Z\"}");
        redis.zadd(keys.bookingDays(), date.toEpochDay(), date.toString());
    }

    private static int orphaned() {
        Integer count = harness.get(NS, NAME).getStatus().getOrphanedBookings();
        return count == null ? 0 : count;
    }

    private static List<Event> orphanWarnings() {
        return harness.client().v1().events().inNamespace(NS).list().getItems().stream()
                .filter(event -> "OrphanedBookings".equals(event.getReason())).toList();
    }

    private static Phase phase() {
        CalendarInstance instance = harness.get(NS, NAME);
        return instance == null || instance.getStatus() == null ? null : instance.getStatus().getPhase();
    }
}
