package dev.cps.calendar.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cps.calendar.app.AppSettings;
import dev.cps.calendar.app.InstanceApp;
import dev.cps.calendar.testing.RedisServer;
import dev.cps.calendar.testing.SeededApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
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
        tried = "(1) redis-server (append-only) killed with SIGKILL under load from 8 clients (bookings and reads), then "
                + "restarted on the same port; (2) Redis frozen (SIGSTOP: connections accepted, never answered) under 40 "
                + "concurrent requests, then thawed; (3) the app started while Redis is down",
        expected = "every request answered within 3 s, never a hang: writes 503 while Redis is gone (reads 503, or 200 "
                + "from the app's view in the moment before it notices), never another 5xx; /api/health 503; SSE "
                + "`unavailable` then `resync`; afterwards the same app serves again, events flow again, and every booking "
                + "acknowledged before the failure is still there",
        unit = "requests")
class RedisOutageTest {

    private static final String SLUG = "outage";
    private static final Duration HANG = Duration.ofSeconds(3);
    private static final int CLIENTS = 8;
    private static final int REQUESTS_PER_CLIENT = 60;
    private static final LocalDate FIRST_DAY = LocalDate.of(2030, 5, 6);

    record Request(String what, boolean afterKill, ApiClient.Answer answer) {
    }

    @RegisterExtension
    final SeededApp<InstanceApp> calendar = Calendars.jackBonnieAndClydeApp(SLUG, RedisServer::startWithAppendOnly);
    private RedisServer redis;
    private InstanceApp app;

    @BeforeEach
    void start() {
        redis = calendar.redis();
        app = calendar.app();
    }

    /** The app a test started in the place of the extension's. */
    @AfterEach
    void stopTheTestsOwnApp() {
        if (app != null && app != calendar.app()) {
            app.close();
        }
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

        // a dropped connection alone is not an outage (the app reconnects once first), so it takes a moment to tell
        await().atMost(Duration.ofSeconds(1)).until(() -> observer.get("/api/health").status() == 503);
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
        assertThat(afterKill.stream().filter(request -> request.what().startsWith("POST")).toList())
                .as("bookings sent while Redis was down").isNotEmpty()
                .allSatisfy(request -> {
                    assertThat(request.answer().status()).as("%s: %s", request.what(), request.answer()).isEqualTo(503);
                    JsonNode error = request.answer().json();
                    assertThat(error.path("error").asText()).isNotBlank();
                    assertThat(error.path("message").asText()).isNotBlank();
                });
        // a read in the instant before the app notices is served from its view; once it knows, reads are 503 too
        assertThat(afterKill).filteredOn(request -> request.answer().status() == 200)
                .allSatisfy(request -> assertThat(request.what()).startsWith("GET"));
        assertThat(observer.get("/api/bookings").status()).as("a read once the outage is known").isEqualTo(503);

        redis.restart();

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> observer.get("/api/health").status() == 200);
        events.await("resync", Duration.ofSeconds(10));
        ApiClient.Answer after = observer.post("/api/bookings", ApiClient.booking("2030-12-02", "10:00", "Bonnie", 2));
        assertThat(after.status()).as("booking after the restart: %s", after).isEqualTo(201);
        assertThat(events.await("booking-created", Duration.ofSeconds(5)).data()).contains("2030-12-02", "Bonnie");

        JsonNode bookings = observer.bookings();
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(40).allSatisfy(slot -> {
            String[] dateTime = slot.split(" ");
            assertThat(bookings.path(dateTime[0]).path(dateTime[1]).path("user").asText())
                    .as("the booking acknowledged at %s", slot).isEqualTo("Jack");
        });
        events.close();
    }

    @Test
    void aFrozenRedisGets503sForWritesAndTheAppRecoversWhenItThaws(TestReporter reporter) throws Exception {
        // how long each request took is the next test's concern; this one waits long enough to see every answer
        List<Request> requests = freezeUnderLoad(Duration.ofSeconds(10), reporter);
        assertThat(requests).allSatisfy(request -> assertThat(request.answer().failure()).as("%s: %s", request.what(), request.answer()).isNull());
    }

    @Test
    void aFrozenRedisNeverHoldsARequestPastThreeSeconds(TestReporter reporter) throws Exception {
        List<Request> requests = freezeUnderLoad(HANG, reporter);
        assertThat(requests).allSatisfy(request -> assertThat(request.answer().timedOut())
                .as("%s answered within %s: %s", request.what(), HANG, request.answer()).isFalse());
    }

    /**
     * Ten bookings, then Redis frozen (SIGSTOP: the kernel still accepts connections, nothing answers) under 40
     * concurrent reads and writes, then thawed: writes are refused with 503, health and the event stream say Redis
     * is gone, and after the thaw the app serves and streams again with every booking made before.
     */
    private List<Request> freezeUnderLoad(Duration clientTimeout, TestReporter reporter) throws Exception {
        ApiClient api = new ApiClient(app.port(), clientTimeout);
        List<String> before = new ArrayList<>();
        for (int hour = 8; hour < 18; hour++) {
            assertThat(api.post("/api/bookings", ApiClient.booking("2030-09-02", ApiClient.hour(hour), "Clyde", 1)).status()).isEqualTo(201);
            before.add(ApiClient.hour(hour));
        }
        EventClient events = new EventClient(new ApiClient(app.port()));
        RedisProcess process = RedisProcess.of(redis);
        List<Request> requests = new ArrayList<>();

        process.freeze();
        try {
            ExecutorService clients = Executors.newFixedThreadPool(40);
            List<Future<Request>> done = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                done.add(clients.submit(() -> n % 2 == 0
                        ? new Request("GET /api/bookings", true, api.get("/api/bookings"))
                        : new Request("POST 2030-09-03 " + ApiClient.hour(8 + n % 10), true,
                                api.post("/api/bookings", ApiClient.booking("2030-09-03", ApiClient.hour(8 + n % 10), "Jack", 1)))));
            }
            for (Future<Request> request : done) {
                requests.add(request.get(60, TimeUnit.SECONDS));
            }
            clients.shutdown();
            reporter.publishEntry(ReliabilityReport.CASES, String.valueOf(requests.size()));

            assertThat(requests).allSatisfy(request -> {
                if (request.answer().failure() == null) {
                    // reads may still come from the app's view until it notices; writes need Redis
                    assertThat(request.answer().status()).as("%s: %s", request.what(), request.answer())
                            .isIn(request.what().startsWith("POST") ? List.of(503) : List.of(200, 503));
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/health").status() == 503);
            events.await("unavailable", Duration.ofSeconds(5));
            ApiClient.Answer read = api.get("/api/bookings");
            assertThat(read.status()).as("a read once the outage is known: %s", read).isEqualTo(503);
        } finally {
            process.thaw();
        }

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> api.get("/api/health").status() == 200);
        events.await("resync", Duration.ofSeconds(10));
        assertThat(api.post("/api/bookings", ApiClient.booking("2030-09-04", "09:00", "Bonnie", 1)).status()).isEqualTo(201);
        assertThat(events.await("booking-created", Duration.ofSeconds(5)).data()).contains("2030-09-04");
        JsonNode day = api.bookings().path("2030-09-02");
        assertThat(before).allSatisfy(time -> assertThat(day.path(time).path("user").asText()).as(time).isEqualTo("Clyde"));
        events.close();
        return requests;
    }

    @Test
    void anAppStartedWhileRedisIsDownAnswers503AndServesOnceRedisIsBack(TestReporter reporter) throws Exception {
        calendar.stopApp();
        app = null;
        redis.kill();

        app = InstanceApp.start(new AppSettings(SLUG, Optional.of(redis.url()), 0), Calendars.ONE_BUSY_ADDRESS);
        ApiClient api = new ApiClient(app.port(), HANG);
        reporter.publishEntry(ReliabilityReport.CASES, "4");
        for (ApiClient.Answer answer : List.of(api.get("/api/health"), api.get("/api/config"), api.get("/api/bookings"),
                api.post("/api/bookings", ApiClient.booking("2030-10-07", "10:00", "Jack", 1)))) {
            assertThat(answer.status()).as("%s", answer).isEqualTo(503);
            assertThat(answer.json().path("error").asText().isBlank() && answer.json().path("status").asText().isBlank()).isFalse();
        }

        redis.restart();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> api.get("/api/health").status() == 200);
        assertThat(api.get("/api/config").json().path("slug").asText()).isEqualTo(SLUG);
        assertThat(api.post("/api/bookings", ApiClient.booking("2030-10-07", "10:00", "Jack", 1)).status()).isEqualTo(201);
    }

    private static void pause(int client, long millis) {
        try {
            Thread.sleep(millis + client);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
