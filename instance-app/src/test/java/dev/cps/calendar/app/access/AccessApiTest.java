package dev.cps.calendar.app.access;

import dev.cps.calendar.api.InstanceAccess;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.api.ViewerAccess;
import dev.cps.calendar.app.AppSettings;
import dev.cps.calendar.app.EventReader;
import dev.cps.calendar.app.InstanceApp;
import dev.cps.calendar.app.TestHttp;
import dev.cps.calendar.app.TestHttp.Answer;
import dev.cps.calendar.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.cps.calendar.app.TestHttp.booking;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may use a calendar's API, on a real Redis with two calendars: without a session nothing but
 * the health check answers; a passcode gives a signed cookie that only its own calendar accepts.
 */
class AccessApiTest {

    static final String EDITORS = "k7mq-x2fp-9wdr-hb4e";
    static final String VIEWERS = "look-only-2222";
    static final String BOOKING = booking("2030-01-21", "10:00", "Jack", 1);
    static RedisServer redis;
    RedisClient admin;
    final List<InstanceApp> apps = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void cleanRedis() {
        admin = RedisClient.create(redis.host(), redis.port());
        admin.flushAll();
    }

    @AfterEach
    void stopApps() {
        apps.forEach(InstanceApp::close);
        admin.close();
    }

    static String newSessionKey() {
        return AccessFixtures.newSessionKey();
    }

    static InstanceAccess passcode(String editors, ViewerAccess viewers, String viewersPasscode, String sessionKey) {
        return AccessFixtures.passcode(editors, viewers, viewersPasscode, sessionKey);
    }

    void provision(String slug, InstanceAccess access) {
        AccessFixtures.provision(admin, slug, access);
    }

    TestHttp start(String slug, AbuseLimits limits) {
        InstanceApp app = InstanceApp.start(new AppSettings(slug, Optional.of(redis.url()), 0), limits);
        apps.add(app);
        return new TestHttp(app.port());
    }

    TestHttp start(String slug) {
        return start(slug, AbuseLimits.DEFAULT);
    }

    static Answer signIn(TestHttp http, String passcode) {
        return http.send("POST", "/api/session", "{\"passcode\":\"" + passcode + "\"}");
    }

    /** The cookie a sign-in set, as the browser sends it back: {@code name=value}. */
    static String cookieOf(Answer signedIn) {
        String setCookie = signedIn.header("Set-Cookie");
        assertThat(setCookie).as("a sign-in sets the session cookie").isNotNull();
        return setCookie.split(";")[0];
    }

    static Answer with(TestHttp http, String cookie, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(http.uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request);
    }

    @Test
    void withoutASessionEveryRouteOfTheApiTableAnswers401ButHealth() {
        provision("eclipse", passcode(EDITORS, ViewerAccess.None, null, newSessionKey()));
        TestHttp http = start("eclipse");

        List<String[]> table = List.of(
                new String[]{"GET", "/api/config", null}, new String[]{"GET", "/api/bookings", null},
                new String[]{"POST", "/api/bookings", BOOKING}, new String[]{"GET", "/api/bookings/2030-01-21", null},
                new String[]{"PUT", "/api/bookings/update", BOOKING},
                new String[]{"DELETE", "/api/bookings/update", "{\"date\":\"2030-01-21\",\"time\":\"10:00\"}"},
                new String[]{"GET", "/api/events", null}, new String[]{"GET", "/api/session", null},
                new String[]{"GET", "/metrics", null});
        for (String[] route : table) {
            Answer answer = http.send(HttpRequest.newBuilder(http.uri(route[1]))
                    .method(route[0], route[2] == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(route[2]))
                    .header("Content-Type", "application/json").header("Accept", "text/event-stream"));
            assertThat(answer.status()).as(route[0] + " " + route[1]).isEqualTo(401);
            assertThat(answer.json().path("error").asText()).as(route[0] + " " + route[1]).isEqualTo("unauthenticated");
        }
        assertThat(http.get("/api/health").status()).isEqualTo(200);
        assertThat(http.get("/").status()).as("the page (its passcode screen) loads").isEqualTo(200);
        assertThat(admin.keys("instance:{eclipse}:bookings:*")).as("nothing was booked").isEmpty();
    }

    @Test
    void theRightPasscodeGivesAnHttpOnlyStrictCookieThatOpensTheApiAndSignOutEndsIt() {
        provision("eclipse", passcode(EDITORS, ViewerAccess.None, null, newSessionKey()));
        TestHttp http = start("eclipse");

        Answer wrong = signIn(http, "not-it");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().path("error").asText()).isEqualTo("wrong-passcode");
        assertThat(wrong.header("Set-Cookie")).isNull();

        Answer right = signIn(http, EDITORS);
        assertThat(right.status()).isEqualTo(200);
        assertThat(right.json().path("role").asText()).isEqualTo("editor");
        String setCookie = right.header("Set-Cookie");
        assertThat(setCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict").doesNotContain("Secure");
        String cookie = cookieOf(right);

        assertThat(with(http, cookie, "GET", "/api/session", null).json().path("role").asText()).isEqualTo("editor");
        Answer config = with(http, cookie, "GET", "/api/config", null);
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.body()).as("the access section stays in the app")
                .doesNotContain("passcodeHash").doesNotContain("sessionKey").doesNotContain("$2a$");
        assertThat(with(http, cookie, "POST", "/api/bookings", BOOKING).status()).isEqualTo(201);

        Answer out = with(http, cookie, "DELETE", "/api/session", null);
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.header("Set-Cookie")).startsWith(SessionCookie.NAME + "=;").contains("Expires=Thu, 01 Jan 1970");
    }

    @Test
    void overHttpsTheCookieIsSecure() {
        provision("eclipse", passcode(EDITORS, ViewerAccess.None, null, newSessionKey()));
        TestHttp http = start("eclipse");

        Answer right = http.send(HttpRequest.newBuilder(http.uri("/api/session")).header("Content-Type", "application/json")
                .header("X-Forwarded-Proto", "https").POST(HttpRequest.BodyPublishers.ofString("{\"passcode\":\"" + EDITORS + "\"}")));

        assertThat(right.header("Set-Cookie")).contains("Secure");
    }

    @Test
    void aViewerReadsButCannotBook() {
        provision("eclipse", passcode(EDITORS, ViewerAccess.Passcode, VIEWERS, newSessionKey()));
        TestHttp http = start("eclipse");

        Answer signedIn = signIn(http, VIEWERS);
        assertThat(signedIn.json().path("role").asText()).isEqualTo("viewer");
        String cookie = cookieOf(signedIn);

        assertThat(with(http, cookie, "GET", "/api/bookings", null).status()).isEqualTo(200);
        Answer book = with(http, cookie, "POST", "/api/bookings", BOOKING);
        assertThat(book.status()).isEqualTo(403);
        assertThat(book.json().path("error").asText()).isEqualTo("read-only");
        assertThat(with(http, cookie, "DELETE", "/api/bookings/update", "{\"date\":\"2030-01-21\",\"time\":\"10:00\"}").status())
                .isEqualTo(403);
        assertThat(admin.keys("instance:{eclipse}:bookings:*")).isEmpty();
    }

    @Test
    void withPublicViewersEveryoneLooksAndOnlyEditorsBook() {
        provision("eclipse", passcode(EDITORS, ViewerAccess.Public, null, newSessionKey()));
        TestHttp http = start("eclipse");

        assertThat(http.get("/api/bookings").status()).isEqualTo(200);
        assertThat(http.get("/api/session").json().path("role").asText()).isEqualTo("viewer");
        assertThat(http.send("POST", "/api/bookings", BOOKING).status()).isEqualTo(403);
        assertThat(with(http, cookieOf(signIn(http, EDITORS)), "POST", "/api/bookings", BOOKING).status()).isEqualTo(201);
    }

    @Test
    void aSessionOfCalendarAIsRefusedByCalendarBEvenWithTheSamePasscode() {
        provision("alpha", passcode(EDITORS, ViewerAccess.None, null, newSessionKey()));
        provision("beta", passcode(EDITORS, ViewerAccess.None, null, newSessionKey()));
        TestHttp alpha = start("alpha");
        TestHttp beta = start("beta");

        String alphasCookie = cookieOf(signIn(alpha, EDITORS));

        assertThat(with(alpha, alphasCookie, "GET", "/api/bookings", null).status()).isEqualTo(200);
        Answer stolen = with(beta, alphasCookie, "GET", "/api/bookings", null);
        assertThat(stolen.status()).isEqualTo(401);
        assertThat(with(beta, alphasCookie, "POST", "/api/bookings", BOOKING).status()).isEqualTo(401);
        assertThat(admin.keys("instance:{beta}:bookings:*")).isEmpty();
    }

    @Test
    void aForgedOrExpiredCookieIsRefused() {
        String key = newSessionKey();
        InstanceAccess access = passcode(EDITORS, ViewerAccess.Passcode, VIEWERS, key);
        provision("eclipse", access);
        TestHttp http = start("eclipse");
        String viewers = cookieOf(signIn(http, VIEWERS));
        String value = viewers.substring(viewers.indexOf('=') + 1);

        String promoted = SessionCookie.NAME + "=" + value.replaceFirst("^viewer\\.", "editor.");
        String stretched = SessionCookie.NAME + "=" + value.replaceFirst("\\.\\d+\\.", ".99999999999.");
        String expired = SessionCookie.NAME + "=" + SessionCookie.issue("eclipse", access, Role.editor, Instant.now().minusSeconds(1));
        String garbage = SessionCookie.NAME + "=editor.1.AAAA";

        for (String cookie : List.of(promoted, stretched, expired, garbage)) {
            assertThat(with(http, cookie, "GET", "/api/bookings", null).status()).as(cookie).isEqualTo(401);
        }
        assertThat(with(http, viewers, "GET", "/api/bookings", null).status()).as("the real one still works").isEqualTo(200);
    }

    @Test
    void aWriteFromAPageOfAnotherOriginIsRefused() {
        provision("eclipse", InstanceAccess.PUBLIC);
        TestHttp http = start("eclipse");

        Answer foreign = http.send(HttpRequest.newBuilder(http.uri("/api/bookings")).header("Content-Type", "application/json")
                .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.ofString(BOOKING)));
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.json().path("error").asText()).isEqualTo("cross-origin");
        Answer nullOrigin = http.send(HttpRequest.newBuilder(http.uri("/api/bookings")).header("Content-Type", "application/json")
                .header("Origin", "null").POST(HttpRequest.BodyPublishers.ofString(BOOKING)));
        assertThat(nullOrigin.status()).isEqualTo(403);
        assertThat(admin.keys("instance:{eclipse}:bookings:*")).isEmpty();

        Answer own = http.send(HttpRequest.newBuilder(http.uri("/api/bookings")).header("Content-Type", "application/json")
                .header("Origin", "http://localhost:" + http.uri("/").getPort()).POST(HttpRequest.BodyPublishers.ofString(BOOKING)));
        assertThat(own.status()).isEqualTo(201);
    }

    @Test
    void afterTooManyWrongPasscodesTheAnswerIs429UntilTheWaitIsOverThenTheRightOneWorks() {
        provision("eclipse", passcode(EDITORS, ViewerAccess.None, null, newSessionKey()));
        Duration lockout = Duration.ofSeconds(5); // longer than the five slow checks take on a busy machine
        TestHttp http = start("eclipse", AbuseLimits.DEFAULT.withLoginLockout(lockout));

        for (int i = 0; i < AbuseLimits.DEFAULT.loginFailures(); i++) {
            assertThat(signIn(http, "guess-" + i).status()).as("guess %d", i).isEqualTo(401);
        }
        Answer locked = signIn(http, EDITORS);
        assertThat(locked.status()).as("even the right passcode waits").isEqualTo(429);
        assertThat(locked.json().path("error").asText()).isEqualTo("too-many-requests");
        assertThat(Integer.parseInt(locked.header("Retry-After"))).isBetween(1, 5);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> signIn(http, EDITORS).status() == 200);
        assertThat(signIn(http, EDITORS).status()).as("a right passcode costs nothing").isEqualTo(200);
    }

    @Test
    void tooManyWritesPerMinuteAre429() {
        provision("eclipse", InstanceAccess.PUBLIC);
        TestHttp http = start("eclipse", AbuseLimits.DEFAULT.withWritesPerMinute(3));

        List<Integer> statuses = new ArrayList<>();
        for (int hour = 8; hour < 12; hour++) {
            statuses.add(http.send("POST", "/api/bookings", booking("2030-01-21", String.format("%02d:00", hour), "Jack", 1)).status());
        }

        assertThat(statuses).containsExactly(201, 201, 201, 429);
        assertThat(admin.hlen(InstanceKeys.of("eclipse").bookingDay(java.time.LocalDate.of(2030, 1, 21)))).isEqualTo(3);
    }

    @Test
    void aClientMayHoldOnlySoManyEventStreams() {
        provision("eclipse", InstanceAccess.PUBLIC);
        TestHttp http = start("eclipse", AbuseLimits.DEFAULT.withStreamsPerClient(2));

        try (EventReader first = EventReader.open(http); EventReader second = EventReader.open(http);
             EventReader third = EventReader.open(http)) {
            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
            assertThat(third.status()).isEqualTo(429);
        }
    }

    @Test
    void aNewPasscodeSignsEveryoneOutWithoutARestart() throws InterruptedException {
        String key = newSessionKey();
        provision("eclipse", passcode(EDITORS, ViewerAccess.None, null, key));
        TestHttp http = start("eclipse", AbuseLimits.DEFAULT.withStreamsPerClient(1));
        String cookie = cookieOf(signIn(http, EDITORS));
        assertThat(with(http, cookie, "GET", "/api/bookings", null).status()).isEqualTo(200);
        EventReader stream = EventReader.open(http, cookie);
        assertThat(stream.status()).isEqualTo(200);

        provision("eclipse", passcode("the-new-one-3333", ViewerAccess.None, null, key));

        await().atMost(Duration.ofSeconds(10)).until(() -> with(http, cookie, "GET", "/api/bookings", null).status() == 401);
        assertThat(signIn(http, EDITORS).status()).as("the old passcode").isEqualTo(401);
        assertThat(stream.endsWithin(Duration.ofSeconds(5))).as("the signed-out session's event stream is ended").isTrue();
        Answer again = signIn(http, "the-new-one-3333");
        assertThat(again.status()).isEqualTo(200);
        try (EventReader fresh = EventReader.open(http, cookieOf(again))) {
            assertThat(fresh.status()).as("the ended stream gave its slot back (one per client here)").isEqualTo(200);
        }
    }

    @Test
    void aConfigWithoutAnAccessSectionIsPublicAndExternalTrustsTheProxysHeader() {
        provision("old", null);
        provision("proxied", InstanceAccess.external(null));
        TestHttp old = start("old");
        TestHttp proxied = start("proxied");

        assertThat(old.send("POST", "/api/bookings", BOOKING).status()).isEqualTo(201);
        assertThat(old.get("/api/session").json().path("access").asText()).isEqualTo("Public");

        Answer withoutProxy = proxied.get("/api/bookings");
        assertThat(withoutProxy.status()).isEqualTo(401);
        assertThat(withoutProxy.json().path("error").asText()).isEqualTo("sign-in-through-proxy");
        Answer viaProxy = proxied.send(HttpRequest.newBuilder(proxied.uri("/api/bookings"))
                .header(InstanceAccess.DEFAULT_USER_HEADER, "jack@example.com").GET());
        assertThat(viaProxy.status()).isEqualTo(200);
    }
}
