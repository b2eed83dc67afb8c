package dev.cps.calendar.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cps.calendar.app.AppSettings;
import dev.cps.calendar.app.InstanceApp;
import dev.cps.calendar.testing.RedisServer;
import dev.cps.calendar.testing.SeededApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
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
        tried = "50 HTTP clients race for the same 10 hourly slots of one day: (1) 8 random 1–3 hour bookings each, "
                + "then each sweeps every hour with a 1-hour booking; (2) 20 random creates, updates and deletes each, "
                + "with a browser's event stream open; (3) the same on two app replicas sharing one Redis",
        expected = "only 201/409 (200/404/409 for updates, 200/404 for deletes), no 5xx; no hour held twice; (1) each hour "
                + "held by exactly one booking, every 201 readable as acknowledged; (2) replaying the event stream gives "
                + "exactly the bookings GET returns; (3) both replicas' GET equal what Redis holds",
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

    private static final int MIXED_OPERATIONS = 20;

    @RegisterExtension
    final SeededApp<InstanceApp> calendar = Calendars.jackBonnieAndClydeApp(SLUG, RedisServer::start);
    private RedisServer redis;
    private InstanceApp app;

    @BeforeEach
    void start() {
        redis = calendar.redis();
        app = calendar.app();
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

    @Test
    void createsUpdatesAndDeletesRacingOnTheSameHoursKeepTheDayAndTheEventStreamInAgreement(TestReporter reporter) throws Exception {
        EventClient events = new EventClient(new ApiClient(app.port()));
        assertThat(events.status()).isEqualTo(200);
        ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicInteger changes = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            done.add(clients.submit(() -> {
                ApiClient api = new ApiClient(app.port());
                Random random = new Random(1000 + client);
                String user = USERS.get(client % USERS.size());
                go.await();
                for (int i = 0; i < MIXED_OPERATIONS; i++) {
                    int hour = FIRST_HOUR + random.nextInt(END_HOUR - FIRST_HOUR);
                    int duration = 1 + random.nextInt(Math.min(3, END_HOUR - hour));
                    String body = ApiClient.booking(DAY, ApiClient.hour(hour), user, duration);
                    int kind = random.nextInt(3);
                    ApiClient.Answer answer = switch (kind) {
                        case 0 -> api.post("/api/bookings", body);
                        case 1 -> api.send("PUT", "/api/bookings/update", "application/json", body.getBytes());
                        default -> api.send("DELETE", "/api/bookings/update", "application/json",
                                ("{\"date\":\"" + DAY + "\",\"time\":\"" + ApiClient.hour(hour) + "\"}").getBytes());
                    };
                    attempts.add(new Attempt(hour, duration, user, answer));
                    List<Integer> allowed = switch (kind) {
                        case 0 -> List.of(201, 409);
                        case 1 -> List.of(200, 404, 409);
                        default -> List.of(200, 204, 404);
                    };
                    if (!allowed.contains(answer.status())) {
                        unexpected.add(List.of("POST", "PUT", "DELETE").get(kind) + " " + body + ": " + answer);
                    }
                    if (answer.status() == 200 || answer.status() == 201 || answer.status() == 204) {
                        changes.incrementAndGet();
                    }
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

        assertThat(attempts).hasSize(CLIENTS * MIXED_OPERATIONS);
        assertThat(unexpected).as("answers outside the API's contract").isEmpty();
        JsonNode day = new ApiClient(app.port()).bookings().path(DAY);
        Map<Integer, String> holder = new java.util.TreeMap<>();
        Map<String, String> fromGet = new java.util.TreeMap<>();
        day.fields().forEachRemaining(entry -> {
            int start = Integer.parseInt(entry.getKey().substring(0, 2));
            int duration = entry.getValue().path("duration").asInt();
            fromGet.put(entry.getKey(), entry.getValue().path("user").asText() + "/" + duration);
            for (int hour = start; hour < start + duration; hour++) {
                String previous = holder.put(hour, entry.getKey());
                assertThat(previous).as("hour %d is held by the bookings at %s and %s", hour, previous, entry.getKey()).isNull();
            }
        });

        // a browser that applies every event in order ends up with what the server holds
        Map<String, String> replayed = new java.util.TreeMap<>();
        int applied = 0;
        while (applied < changes.get()) {
            EventClient.Event event = events.poll(java.time.Duration.ofSeconds(10));
            assertThat(event).as("event %d of %d", applied + 1, changes.get()).isNotNull();
            if (!event.type().startsWith("booking-")) {
                continue;
            }
            JsonNode data = dev.cps.calendar.api.ContractJson.MAPPER.readTree(event.data());
            assertThat(data.path("date").asText()).isEqualTo(DAY);
            String time = data.path("time").asText();
            switch (event.type()) {
                case "booking-created", "booking-updated" -> replayed.put(time,
                        data.path("booking").path("user").asText() + "/" + data.path("booking").path("duration").asInt());
                case "booking-deleted" -> replayed.remove(time);
                default -> throw new AssertionError("unknown event " + event);
            }
            applied++;
        }
        assertThat(replayed).as("the day replayed from %d events", applied).isEqualTo(fromGet);
        events.close();
    }

    @Test
    void twoReplicasUnderTheSameRaceEndUpShowingWhatRedisHolds(TestReporter reporter) throws Exception {
        try (InstanceApp second = InstanceApp.start(new AppSettings(SLUG, Optional.of(redis.url()), 0), Calendars.ONE_BUSY_ADDRESS)) {
            List<Integer> ports = List.of(app.port(), second.port());
            ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                done.add(clients.submit(() -> {
                    ApiClient api = new ApiClient(ports.get(client % 2));
                    Random random = new Random(2000 + client);
                    String user = USERS.get(client % USERS.size());
                    go.await();
                    for (int i = 0; i < MIXED_OPERATIONS; i++) {
                        int hour = FIRST_HOUR + random.nextInt(END_HOUR - FIRST_HOUR);
                        int duration = 1 + random.nextInt(Math.min(3, END_HOUR - hour));
                        String body = ApiClient.booking(DAY, ApiClient.hour(hour), user, duration);
                        ApiClient.Answer answer = switch (random.nextInt(3)) {
                            case 0 -> api.post("/api/bookings", body);
                            case 1 -> api.send("PUT", "/api/bookings/update", "application/json", body.getBytes());
                            default -> api.send("DELETE", "/api/bookings/update", "application/json",
                                    ("{\"date\":\"" + DAY + "\",\"time\":\"" + ApiClient.hour(hour) + "\"}").getBytes());
                        };
                        if (answer.status() >= 500 || answer.status() == 0 || answer.status() == 400) {
                            unexpected.add(body + ": " + answer);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> client : done) {
                client.get(120, TimeUnit.SECONDS);
            }
            clients.shutdown();
            reporter.publishEntry(ReliabilityReport.CASES, String.valueOf(CLIENTS * MIXED_OPERATIONS));
            assertThat(unexpected).as("answers outside the API's contract").isEmpty();

            Map<String, String> truth = new java.util.TreeMap<>();
            try (redis.clients.jedis.Jedis admin = new redis.clients.jedis.Jedis(java.net.URI.create(redis.url()))) {
                admin.hgetAll(dev.cps.calendar.api.InstanceKeys.of(SLUG).bookingDay(java.time.LocalDate.parse(DAY)))
                        .forEach((time, json) -> truth.put(time, summary(json)));
            }
            for (int port : ports) {
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() -> {
                    Map<String, String> shown = new java.util.TreeMap<>();
                    new ApiClient(port).bookings().path(DAY).fields().forEachRemaining(entry -> shown.put(entry.getKey(),
                            entry.getValue().path("user").asText() + "/" + entry.getValue().path("duration").asInt()));
                    assertThat(shown).as("what the replica on port %d shows", port).isEqualTo(truth);
                });
            }
        }
    }

    private static String summary(String bookingJson) {
        try {
            JsonNode booking = dev.cps.calendar.api.ContractJson.MAPPER.readTree(bookingJson);
            return booking.path("user").asText() + "/" + booking.path("duration").asInt();
        } catch (java.io.IOException e) {
            throw new AssertionError(bookingJson, e);
        }
    }
}
