package dev.cps.calendar.reliability;

import dev.cps.calendar.api.BookableHours;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.app.AppSettings;
import dev.cps.calendar.app.InstanceApp;
import dev.cps.calendar.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP as a hostile client speaks it: requests refused before the app, HEAD, {@code Expect:
 * 100-continue}, invented methods, hours a daylight-saving change skips.
 */
@ReliabilitySuite(order = 9, name = "HTTP protocol",
        tried = "(1) requests Jetty refuses: an ambiguous path, a bad Host, a 20 KB URI, a 20 KB header; (2) HEAD of "
                + "every GET route, also where GET gives 400, 406; (3) `Expect: 100-continue` with a 10 MB "
                + "`Content-Length`; (4) 40 invented HTTP methods, then a scrape of `/metrics`; (5) in Europe/Berlin, the "
                + "hour the clocks skip and the hour that occurs twice; (6) 5 clients that leave in the middle of their body",
        expected = "(1) the JSON `{error, message}` with the security headers, never an HTML page; (2) GET's status and "
                + "content type, no body; (3) 413 at once, no `100 Continue`; (4) one `other` method label, no new "
                + "series per method; (5) the skipped hour 400 saying why, the doubled hour one bookable slot; (6) one "
                + "INFO line each, no ERROR, no stack trace",
        unit = "requests")
class ProtocolTest {

    private static final String SLUG = "protocol";

    private static RedisServer redis;
    private static InstanceApp app;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        InstanceConfig utc = Calendars.jackBonnieAndClyde(SLUG);
        Calendars.seed(redis.url(), new InstanceConfig(SLUG, utc.title(), utc.subtitle(), utc.displayTitle(), utc.users(),
                Map.of(), "Europe/Berlin", new BookableHours(0, 24), Instant.now(), Instant.now()));
        app = InstanceApp.start(new AppSettings(SLUG, Optional.of(redis.url()), 0));
        api = new ApiClient(app.port());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        redis.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ambiguous path", "bad Host", "20 KB URI", "20 KB header"})
    void aRequestJettyRefusesGetsTheJsonErrorAndTheSecurityHeaders(String what) throws IOException {
        String request = switch (what) {
            case "ambiguous path" -> "GET /api/..;/config HTTP/1.1\r\nHost: localhost\r\n\r\n";
            case "bad Host" -> "GET /api/health HTTP/1.1\r\nHost: bad host:x\r\n\r\n";
            case "20 KB URI" -> "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
            default -> "GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Pad: " + "a".repeat(20_000) + "\r\n\r\n";
        };
        RawHttp.Response answer = RawHttp.exchange(app.port(), request, 5000);
        assertThat(answer.status()).as(what).isBetween(400, 499);
        assertThat(answer.header("content-type")).as(what).startsWith("application/json");
        assertThat(answer.header("content-security-policy")).as(what).contains("default-src 'self'");
        assertThat(answer.header("x-content-type-options")).isEqualTo("nosniff");
        assertThat(answer.header("x-frame-options")).isEqualTo("DENY");
        var json = dev.cps.calendar.api.ContractJson.MAPPER.readTree(answer.body());
        assertThat(json.path("error").asText()).isNotBlank();
        assertThat(json.path("message").asText()).isNotBlank().doesNotContain("org.eclipse").doesNotContain("Exception");
    }

    @ParameterizedTest(name = "HEAD {0}")
    @ValueSource(strings = {"/api/config", "/api/bookings", "/api/bookings/2027-06-01", "/api/bookings/tomorrow",
            "/api/bookings?from=2027-06-10&to=2027-06-01", "/api/health", "/api/events", "/api/nothing-here", "/"})
    void headGivesGetsStatusAndHeadersWithoutABody(String path) throws IOException {
        RawHttp.Response get = RawHttp.exchange(app.port(), "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 5000);
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("HEAD " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] all = socket.getInputStream().readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(text.split(" ")[1]);
            String headers = text.substring(0, text.indexOf("\r\n\r\n")).toLowerCase();
            assertThat(status).as("HEAD %s", path).isEqualTo(get.status());
            assertThat(headers).contains("content-type: " + get.header("content-type").toLowerCase());
            assertThat(headers).contains("content-security-policy");
            assertThat(text.substring(text.indexOf("\r\n\r\n") + 4)).as("body of HEAD %s", path).isEmpty();
        }
    }

    @Test
    void anOversizedBodyOfferedWithExpectContinueIsRefusedBeforeItIsSent() throws IOException {
        RawHttp.Response answer = RawHttp.exchange(app.port(), "POST /api/bookings HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 10000000\r\nExpect: 100-continue\r\n\r\n", 5000);
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.header("content-type")).startsWith("application/json");
        assertThat(answer.body()).contains("too-large");
    }

    @Test
    void inventedMethodsShareOneMetricLabel(TestReporter reporter) throws IOException {
        for (int i = 0; i < 40; i++) {
            RawHttp.Response answer = RawHttp.exchange(app.port(),
                    "INVENTED" + i + " /api/bookings HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 5000);
            assertThat(answer.status()).isBetween(400, 499);
        }
        api.get("/api/nothing-" + System.nanoTime());
        String metrics = new ApiClient(app.metricsPort()).get("/metrics").body(); // the private metrics port
        Set<String> methods = new TreeSet<>();
        Set<String> routes = new TreeSet<>();
        Matcher series = Pattern.compile("^http_server_requests_seconds_count\\{(.*)}", Pattern.MULTILINE).matcher(metrics);
        while (series.find()) {
            Matcher method = Pattern.compile("method=\"([^\"]*)\"").matcher(series.group(1));
            Matcher route = Pattern.compile("route=\"([^\"]*)\"").matcher(series.group(1));
            if (method.find()) {
                methods.add(method.group(1));
            }
            if (route.find()) {
                routes.add(route.group(1));
            }
        }
        assertThat(methods).contains("other").isSubsetOf("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "other");
        assertThat(routes).allSatisfy(route -> assertThat(route).doesNotStartWith("/api/nothing-"));
        reporter.publishEntry(ReliabilityReport.CASES, "42");
    }

    @Test
    void theHourTheClocksSkipCannotBeBookedAndTheDoubledHourIsOneSlot(TestReporter reporter) {
        // 2027-03-28: 02:00 does not exist in Berlin; 2027-10-31: 02:00 happens twice
        ApiClient.Answer skipped = api.post("/api/bookings", ApiClient.booking("2027-03-28", "02:00", "Jack", 1));
        assertThat(skipped.status()).as("%s", skipped).isEqualTo(400);
        assertThat(skipped.json().path("message").asText()).contains("does not exist").contains("Europe/Berlin");
        ApiClient.Answer spanning = api.post("/api/bookings", ApiClient.booking("2027-03-28", "01:00", "Jack", 2));
        assertThat(spanning.status()).as("%s", spanning).isEqualTo(400);
        assertThat(api.post("/api/bookings", ApiClient.booking("2027-03-28", "03:00", "Jack", 1)).status()).isEqualTo(201);
        assertThat(api.post("/api/bookings", ApiClient.booking("2027-10-31", "02:00", "Bonnie", 1)).status()).isEqualTo(201);
        assertThat(api.post("/api/bookings", ApiClient.booking("2027-10-31", "02:00", "Clyde", 1)).status()).isEqualTo(409);
        assertThat(api.bookings().path("2027-03-28").has("02:00")).isFalse();
        reporter.publishEntry(ReliabilityReport.CASES, "5");
    }


    @Test
    void aClientThatLeavesMidBodyCostsOneLogLineAndNoStackTrace() throws Exception {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 5; i++) {
                try (Socket socket = new Socket("127.0.0.1", app.port())) {
                    socket.getOutputStream().write(("POST /api/bookings HTTP/1.1\r\nHost: localhost\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"date\":").getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                }
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("the client left")).count() == 5);
            assertThat(api.get("/api/health").status()).isEqualTo(200);
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        original.print(log);
        assertThat(log).doesNotContain("ERROR").doesNotContain("\tat ");
    }
}
