package dev.cps.calendar.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cps.calendar.app.AppSettings;
import dev.cps.calendar.app.InstanceApp;
import dev.cps.calendar.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fifty people book the same day of Jack, Bonnie and Clyde's calendar at once: 10 bookable hours,
 * 08:00 to 18:00, bookings of 1 to 3 hours. However the race goes, each hour ends up held by exactly
 * one booking, and every booking the app acknowledged is the one that holds its hours.
 */
@ReliabilitySuite(order = 1, name = "Contention",
        tried = "50 HTTP clients race for the same 10 hourly slots of one day: 8 random 1–3 hour bookings each, "
                + "then each sweeps every hour with a 1-hour booking",
        expected = "only 201 or 409, no 5xx; each hour held by exactly one booking; every 201 readable as acknowledged",
        unit = "requests")
class ContentionTest {

    private static final String SLUG = "contention";
    private static final String DAY = "2030-03-04";
    private static final int CLIENTS = 50;
    private static final int RANDOM_TRIES = 8;
    private static final int FIRST_HOUR = 8;
    private static final int END_HOUR = 18;
    private static final List<String> USERS = List.of("Jack", "Bonnie", "Clyde");

    record Attempt(int hour, int duration, String user, ApiClient.Answer answer) {
    }

    private RedisServer redis;
    private InstanceApp app;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        Calendars.seed(redis.url(), Calendars.jackBonnieAndClyde(SLUG));
        app = InstanceApp.start(new AppSettings(SLUG, Optional.of(redis.url()), 0));
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        redis.close();
    }

    @Test
    void fiftyClientsRacingForTenHoursLeaveEachHourWithExactlyOneBooking(TestReporter reporter) throws Exception {
        ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            done.add(clients.submit(() -> {
                ApiClient api = new ApiClient(app.port());
                Random random = new Random(client);
                String user = USERS.get(client % USERS.size());
                go.await();
                for (int i = 0; i < RANDOM_TRIES; i++) {
                    int hour = FIRST_HOUR + random.nextInt(END_HOUR - FIRST_HOUR);
                    int duration = 1 + random.nextInt(Math.min(3, END_HOUR - hour));
                    attempts.add(new Attempt(hour, duration, user,
                            api.post("/api/bookings", ApiClient.booking(DAY, ApiClient.hour(hour), user, duration))));
                }
                // whatever the random bookings left free, someone takes: every hour ends up booked
                for (int i = 0; i < END_HOUR - FIRST_HOUR; i++) {
                    int hour = FIRST_HOUR + (client + i) % (END_HOUR - FIRST_HOUR);
                    attempts.add(new Attempt(hour, 1, user,
                            api.post("/api/bookings", ApiClient.booking(DAY, ApiClient.hour(hour), user, 1))));
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> client : done) {
            client.get(120, TimeUnit.SECONDS);
        }
        clients.shutdown();
        reporter.publishEntry(ReliabilityReport.CASES, String.valueOf(attempts.size()));

        assertThat(attempts).hasSize(CLIENTS * (RANDOM_TRIES + END_HOUR - FIRST_HOUR));
        assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.answer().status())
                .as("POST %s %s for %d h: %s", DAY, ApiClient.hour(attempt.hour()), attempt.duration(), attempt.answer())
                .isIn(201, 409));

        JsonNode day = new ApiClient(app.port()).bookings().path(DAY);
        Map<Integer, String> holder = new java.util.TreeMap<>();
        day.fields().forEachRemaining(entry -> {
            int start = Integer.parseInt(entry.getKey().substring(0, 2));
            int duration = entry.getValue().path("duration").asInt();
            for (int hour = start; hour < start + duration; hour++) {
                String previous = holder.put(hour, entry.getKey());
                assertThat(previous).as("hour %d is held by the bookings at %s and %s", hour, previous, entry.getKey()).isNull();
            }
        });
        assertThat(holder.keySet()).as("hours held").containsExactlyElementsOf(
                java.util.stream.IntStream.range(FIRST_HOUR, END_HOUR).boxed().toList());

        List<Attempt> acknowledged = attempts.stream().filter(a -> a.answer().status() == 201).toList();
        assertThat(acknowledged).hasSize(day.size());
        for (Attempt attempt : acknowledged) {
            JsonNode booking = day.path(ApiClient.hour(attempt.hour()));
            assertThat(booking.path("user").asText()).as("who holds %s", ApiClient.hour(attempt.hour())).isEqualTo(attempt.user());
            assertThat(booking.path("duration").asInt()).as("duration at %s", ApiClient.hour(attempt.hour())).isEqualTo(attempt.duration());
        }
    }
}
