package dev.cps.calendar.reliability;

import dev.cps.calendar.api.ChangeFeed;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.app.AppSettings;
import dev.cps.calendar.app.InstanceApp;
import dev.cps.calendar.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile clients and a hostile network, and a normal client beside them: trickled request
 * bodies, a reconnect herd of event streams that never read, parallel full reads of a large
 * calendar, Redis dropping the app's connections. The normal client is served throughout.
 */
@ReliabilitySuite(order = 7, name = "Hostile load",
        tried = "(1) 200 POSTs that announce a body and send a byte a second; (2) a reconnect herd of 200 event streams "
                + "with an old `Last-Event-ID` (1,000 changes behind) and 50 that are 100 behind, none of them reading; (3) 8 "
                + "parallel full `GET /api/bookings` of a calendar with 30,000 bookings; (4) `CLIENT KILL` of the app's "
                + "Redis connections every 0.4 s under load from 6 clients (60 bookings and reads each); (5) bookings in the years 0000 and 9999",
        expected = "a normal client's reads, bookings and event stream are answered throughout (within its 5 s timeout); "
                + "(1) each trickler is cut off with a 408; (2) those too far behind get `resync`, the others their replay; "
                + "(3) every read 200 with the same body; (4) no 5xx at all, every 201 is stored; (5) 400 saying the "
                + "bookable dates (2 years back to 5 ahead)",
        unit = "requests")
class HostileLoadTest {

    private static final String SLUG = "hostile";
    private static final Duration NORMAL = Duration.ofSeconds(5);

    private RedisServer redis;
    private InstanceApp app;
    private ApiClient normal;
    private int slot;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        Calendars.seed(redis.url(), Calendars.jackBonnieAndClyde(SLUG));
    }

    private void startApp() {
        // every attacker and the normal client share the loopback address: the per-address limits
        // would answer the attack with 429s, which is not what these suites look at (AccessApiTest does)
        app = InstanceApp.start(new AppSettings(SLUG, Optional.of(redis.url()), 0),
                Calendars.ONE_BUSY_ADDRESS.withStreamsPerClient(100_000));
        normal = new ApiClient(app.port(), NORMAL);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        redis.close();
    }

    @Test
    void tricklingBodiesAreCutOffAndNeverStopANormalClient(TestReporter reporter) throws Exception {
        startApp();
        List<Socket> tricklers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Socket socket = new Socket("127.0.0.1", app.port());
            socket.getOutputStream().write(("POST /api/bookings HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 200\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            tricklers.add(socket);
        }
        AtomicBoolean trickling = new AtomicBoolean(true);
        Thread dripper = new Thread(() -> {
            while (trickling.get()) {
                for (Socket socket : tricklers) {
                    try {
                        socket.getOutputStream().write(' ');
                    } catch (IOException cutOff) {
                        // the server closed it: what we want
                    }
                }
                sleep(1000);
            }
        }, "trickler");
        dripper.setDaemon(true);
        dripper.start();
        try {
            for (int i = 0; i < 5; i++) {
                assertNormalClientServed();
                sleep(300);
            }
            int cutOff = 0;
            for (Socket socket : tricklers) {
                socket.setSoTimeout(15_000);
                RawHttp.Response answer = RawHttp.read(socket.getInputStream());
                assertThat(answer.status()).isEqualTo(408);
                assertThat(answer.header("content-type")).startsWith("application/json");
                cutOff++;
            }
            assertThat(cutOff).isEqualTo(200);
        } finally {
            trickling.set(false);
            for (Socket socket : tricklers) {
                socket.close();
            }
        }
        reporter.publishEntry(ReliabilityReport.CASES, "210");
    }

    @Test
    void aReconnectHerdOfStalledEventStreamsNeverHoldsUpANormalOne(TestReporter reporter) throws Exception {
        startApp();
        InstanceKeys keys = InstanceKeys.of(SLUG);
        List<String> ids = new ArrayList<>();
        try (Jedis admin = new Jedis(URI.create(redis.url()))) {
            Pipeline pipeline = admin.pipelined();
            for (int i = 0; i < 1000; i++) {
                pipeline.xadd(keys.changeFeed(), StreamEntryID.NEW_ENTRY, Map.of(ChangeFeed.TYPE, "noise",
                        ChangeFeed.DATA, "{\"pad\":\"" + "x".repeat(200) + "\"}"));
            }
            pipeline.sync();
            admin.xrange(keys.changeFeed(), "-", "+").forEach(entry -> ids.add(entry.getID().toString()));
        }
        String farBehind = ids.get(0);
        String near = ids.get(ids.size() - 100);
        List<Socket> herd = new ArrayList<>();
        try {
            for (int i = 0; i < 250; i++) {
                Socket socket = new Socket("127.0.0.1", app.port());
                socket.setReceiveBufferSize(4096);
                socket.getOutputStream().write(("GET /api/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                        + "Last-Event-ID: " + (i < 200 ? farBehind : near) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                herd.add(socket); // and never read
            }
            EventClient events = new EventClient(normal);
            assertThat(events.status()).isEqualTo(200);
            assertNormalClientServed();
            events.await(ChangeFeed.BOOKING_CREATED, NORMAL);

            assertThat(firstEvent(herd.get(0))).as("a stream 1,000 changes behind").isEqualTo("resync");
            assertThat(firstEvent(herd.get(249))).as("a stream 100 changes behind").isEqualTo("noise");
        } finally {
            for (Socket socket : herd) {
                socket.close();
            }
        }
        reporter.publishEntry(ReliabilityReport.CASES, "253");
    }

    @Test
    void parallelFullReadsOfALargeCalendarAllSucceed(TestReporter reporter) throws Exception {
        InstanceKeys keys = InstanceKeys.of(SLUG);
        LocalDate first = LocalDate.now(ZoneOffset.UTC).minusYears(1);
        try (Jedis admin = new Jedis(URI.create(redis.url()))) {
            Pipeline pipeline = admin.pipelined();
            for (int d = 0; d < 3000; d++) {
                LocalDate date = first.plusDays(d);
                Map<String, String> day = new HashMap<>();
                for (int hour = 8; hour < 18; hour++) {
                    day.put(ApiClient.hour(hour), "{\"user\":\"Jack\",\"duration\":1,\"createdAt\":\"2026-01-01T00:00:00Z\"}");
                }
                pipeline.hset(keys.bookingDay(date), day);
                pipeline.zadd(keys.bookingDays(), date.toEpochDay(), date.toString());
            }
            pipeline.sync();
        }
        startApp();
        ExecutorService readers = Executors.newFixedThreadPool(8);
        try {
            List<Future<ApiClient.Answer>> reads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                reads.add(readers.submit(() -> new ApiClient(app.port(), Duration.ofSeconds(30)).get("/api/bookings")));
            }
            String expected = null;
            for (Future<ApiClient.Answer> read : reads) {
                ApiClient.Answer answer = read.get(60, TimeUnit.SECONDS);
                assertThat(answer.status()).as("%s", answer).isEqualTo(200);
                expected = expected == null ? answer.body() : expected;
                assertThat(answer.body()).isEqualTo(expected);
            }
            assertThat(normal.get("/api/bookings").json().size()).isEqualTo(3000);
            assertThat(normal.get("/api/health").status()).isEqualTo(200);
        } finally {
            readers.shutdownNow();
        }
        reporter.publishEntry(ReliabilityReport.CASES, "10");
    }

    @Test
    void redisDroppingTheAppsConnectionsFailsNoRequest(TestReporter reporter) throws Exception {
        startApp();
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> created = new ConcurrentLinkedQueue<>();
        AtomicInteger requests = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        LocalDate firstDay = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        for (int c = 0; c < 6; c++) {
            clients.submit(() -> {
                ApiClient client = new ApiClient(app.port(), NORMAL);
                for (int i = 0; i < 60; i++) {
                    sleep(25);
                    int n = next.getAndIncrement();
                    String date = firstDay.plusDays(n / 10).toString();
                    String time = ApiClient.hour(8 + n % 10);
                    ApiClient.Answer write = client.post("/api/bookings", ApiClient.booking(date, time, "Jack", 1));
                    ApiClient.Answer read = client.get("/api/bookings/" + date);
                    requests.addAndGet(2);
                    if (write.status() == 201) {
                        created.add(date + " " + time);
                    } else if (write.status() != 409) {
                        failures.add("POST " + date + " " + time + ": " + write);
                    }
                    if (read.status() != 200) {
                        failures.add("GET " + date + ": " + read);
                    }
                }
                return null;
            });
        }
        clients.shutdown();
        int kills = 0;
        try (Jedis admin = new Jedis(URI.create(redis.url()))) {
            while (!clients.awaitTermination(400, TimeUnit.MILLISECONDS)) {
                admin.clientKill(ClientKillParams.clientKillParams().type(ClientType.NORMAL)
                        .skipMe(ClientKillParams.SkipMe.YES));
                kills++;
                assertThat(kills).as("the clients should be done long before").isLessThan(100);
            }
        }
        assertThat(kills).isGreaterThanOrEqualTo(2);
        assertThat(failures).isEmpty();
        var stored = normal.bookings();
        for (String booking : created) {
            String[] dateAndTime = booking.split(" ");
            assertThat(stored.path(dateAndTime[0]).path(dateAndTime[1]).path("user").asText()).as(booking).isEqualTo("Jack");
        }
        assertThat(created).isNotEmpty();
        reporter.publishEntry(ReliabilityReport.CASES, String.valueOf(requests.get()));
    }

    @Test
    void bookingsFarInThePastOrFutureAreRefused(TestReporter reporter) {
        startApp();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (String date : List.of("0000-01-01", "9999-12-31", today.minusYears(2).minusDays(2).toString(),
                today.plusYears(5).plusDays(2).toString())) {
            ApiClient.Answer answer = normal.post("/api/bookings", ApiClient.booking(date, "10:00", "Jack", 1));
            assertThat(answer.status()).as("%s: %s", date, answer).isEqualTo(400);
            assertThat(answer.json().path("message").asText()).contains("outside the bookable dates");
        }
        assertThat(normal.post("/api/bookings", ApiClient.booking(today.plusYears(4).toString(), "10:00", "Jack", 1)).status())
                .isEqualTo(201);
        assertThat(normal.bookings().size()).isEqualTo(1);
        reporter.publishEntry(ReliabilityReport.CASES, "5");
    }

    /** A normal client: a health check, a booking, a read of it. */
    private void assertNormalClientServed() {
        assertThat(normal.get("/api/health").status()).isEqualTo(200);
        String date = LocalDate.now(ZoneOffset.UTC).plusDays(1 + slot / 10).toString();
        String time = ApiClient.hour(8 + slot++ % 10);
        ApiClient.Answer booked = normal.post("/api/bookings", ApiClient.booking(date, time, "Bonnie", 1));
        assertThat(booked.status()).as("%s", booked).isEqualTo(201);
        assertThat(normal.get("/api/bookings/" + date).json().path(time).path("user").asText()).isEqualTo("Bonnie");
    }

    /** The first {@code event:} a stream sends after its response headers. */
    private static String firstEvent(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("event: ")) {
                return line.substring("event: ".length());
            }
        }
        return null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
