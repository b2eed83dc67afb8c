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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis dies (SIGKILL) while eight clients book and read. The app answers 503 at once instead of
 * hanging, says so on /api/health and on the event stream, and when Redis comes back it serves
 * again by itself, with every booking it acknowledged before the crash (append-only Redis).
 */
@ReliabilitySuite(order = 2, name = "Redis outage",
        tried = "redis-server (append-only) killed with SIGKILL under load from 8 clients (bookings and reads), "
                + "then restarted on the same port",
        expected = "every request answered within 3 s: 503 once Redis is gone, never another 5xx; /api/health 503; "
                + "SSE `unavailable` then `resync`; after restart the app serves again without a restart and every "
                + "booking acknowledged before the kill is still there",
        unit = "requests")
class RedisOutageTest {

    private static final String SLUG = "outage";
    private static final Duration HANG = Duration.ofSeconds(3);
    private static final int CLIENTS = 8;
    private static final int REQUESTS_PER_CLIENT = 60;
    private static final LocalDate FIRST_DAY = LocalDate.of(2030, 5, 6);

    record Request(String what, boolean afterKill, ApiClient.Answer answer) {
    }

    private RedisServer redis;
    private InstanceApp app;

    @BeforeEach
    void start() {
        redis = RedisServer.startWithAppendOnly();
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
    void killingRedisUnderLoadGives503sQuicklyAndLosesNoAcknowledgedBooking(TestReporter reporter) throws Exception {
        ApiClient observer = new ApiClient(app.port(), HANG);
        assertThat(observer.get("/api/health").status()).isEqualTo(200);
        EventClient events = new EventClient(new ApiClient(app.port()));
        assertThat(events.status()).isEqualTo(200);

        AtomicInteger slots = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger acknowledgedBeforeKill = new AtomicInteger();
        ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            done.add(clients.submit(() -> {
                ApiClient api = new ApiClient(app.port(), HANG);
                for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                    boolean afterKill = killed.get();
                    if (i % 3 == 2) {
                        requests.add(new Request("GET /api/bookings", afterKill, api.get("/api/bookings")));
                    } else {
                        // a slot of its own for every booking: no conflicts, every 201 must survive
                        int slot = slots.getAndIncrement();
                        String date = FIRST_DAY.plusDays(slot / 10).toString();
                        String time = ApiClient.hour(8 + slot % 10);
                        ApiClient.Answer answer = api.post("/api/bookings",
                                ApiClient.booking(date, time, Calendars.JACK.name(), 1));
                        requests.add(new Request("POST " + date + " " + time, afterKill, answer));
                        if (answer.status() == 201) {
                            acknowledged.add(date + " " + time);
                            if (!killed.get()) {
                                acknowledgedBeforeKill.incrementAndGet();
                            }
                        }
                    }
                    pause(client, 15);
                }
                return null;
            }));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledgedBeforeKill.get() >= 40);
        redis.kill();
        killed.set(true);

        ApiClient.Answer health = observer.get("/api/health");
        assertThat(health.status()).as("health while Redis is down: %s", health).isEqualTo(503);
        assertThat(health.json().path("redis").asText()).isNotEqualTo("up");
        events.await("unavailable", Duration.ofSeconds(5));

        for (Future<?> client : done) {
            client.get(120, TimeUnit.SECONDS);
        }
        clients.shutdown();
        reporter.publishEntry(ReliabilityReport.CASES, String.valueOf(CLIENTS * REQUESTS_PER_CLIENT));

        assertThat(requests).hasSize(CLIENTS * REQUESTS_PER_CLIENT);
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.answer().failure()).as("%s: %s", request.what(), request.answer()).isNull();
            assertThat(request.answer().status()).as("%s: %s", request.what(), request.answer()).isIn(200, 201, 503);
        });
        List<Request> afterKill = requests.stream().filter(Request::afterKill).toList();
        assertThat(afterKill).as("requests sent while Redis was down").isNotEmpty()
                .allSatisfy(request -> assertThat(request.answer().status()).as("%s: %s", request.what(), request.answer()).isEqualTo(503))
                .allSatisfy(request -> {
                    JsonNode error = request.answer().json();
                    assertThat(error.path("error").asText()).isNotBlank();
                    assertThat(error.path("message").asText()).isNotBlank();
                });

        redis.restart();

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> observer.get("/api/health").status() == 200);
        events.await("resync", Duration.ofSeconds(10));
        ApiClient.Answer after = observer.post("/api/bookings", ApiClient.booking("2030-12-02", "10:00", "Bonnie", 2));
        assertThat(after.status()).as("booking after the restart: %s", after).isEqualTo(201);

        JsonNode bookings = observer.bookings();
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(40).allSatisfy(slot -> {
            String[] dateTime = slot.split(" ");
            assertThat(bookings.path(dateTime[0]).path(dateTime[1]).path("user").asText())
                    .as("the booking acknowledged at %s", slot).isEqualTo("Jack");
        });
        events.close();
    }

    private static void pause(int client, long millis) {
        try {
            Thread.sleep(millis + client);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
