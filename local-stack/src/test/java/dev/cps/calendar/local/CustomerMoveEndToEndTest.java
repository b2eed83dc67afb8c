package dev.cps.calendar.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cps.calendar.app.TestHttp;
import dev.cps.calendar.app.access.AccessFixtures;
import dev.cps.calendar.operator.access.AccessSecretData;
import dev.cps.calendar.operator.customresource.Phase;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static dev.cps.calendar.app.TestHttp.booking;
import static dev.cps.calendar.app.access.AccessFixtures.as;
import static dev.cps.calendar.local.EndToEnd.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's move of a customer to another cluster, end to end on two local stacks (each its own API
 * server stand-in, Redis and operator): export from the old calendar, apply the same CalendarInstance on
 * the new cluster, import. Every booking arrives with its creation time and sequence, so the new
 * calendar's feed has the same events (UIDs, SEQUENCEs) that subscribers already know.
 */
class CustomerMoveEndToEndTest {

    static final String SLUG = "moving-dental";
    static final String YAML = """
            apiVersion: calendar.cps.dev/v1alpha1
            kind: CalendarInstance
            metadata:
              name: moving-dental
            spec:
              title: Moving Dental
              timezone: Europe/Lisbon
              users:
                - {name: Jack, key: j}
                - {name: Bonnie, key: b}
            """;

    @TempDir
    Path oldFolder;
    @TempDir
    Path newFolder;
    LocalStack oldCluster;
    LocalStack newCluster;

    @AfterEach
    void stop() {
        for (LocalStack stack : new LocalStack[]{oldCluster, newCluster}) {
            if (stack != null) {
                stack.close();
            }
        }
    }

    /** The calendar's app on that stack, signed in with the passcode its operator generated. */
    static Signed signIn(LocalStack stack) {
        String passcode = eventually().until(() -> stack.passcodeOf(EndToEnd.NAMESPACE, SLUG), Optional::isPresent).orElseThrow();
        List<Integer> ports = eventually().until(() -> stack.appPorts(EndToEnd.NAMESPACE, SLUG), p -> !p.isEmpty());
        TestHttp http = new TestHttp(ports.get(0));
        eventually().until(() -> http.get("/api/health").status() == 200);
        return new Signed(http, AccessFixtures.signedIn(http, passcode));
    }

    record Signed(TestHttp http, String cookie) {
        TestHttp.Answer send(String method, String path, String body) {
            return as(http, cookie, method, path, body);
        }
    }

    static String feed(LocalStack stack, Signed app) {
        Secret access = stack.client().secrets().inNamespace(EndToEnd.NAMESPACE).withName(SLUG + "-access").get();
        String token = AccessSecretData.valueIn(access, AccessSecretData.FEED_TOKEN).orElseThrow();
        TestHttp.Answer feed = app.http().get("/feeds/" + token + ".ics");
        assertThat(feed.status()).isEqualTo(200);
        return feed.body();
    }

    /** The UID and SEQUENCE lines of a feed, in order: what a subscribed calendar app matches events by. */
    static List<String> identities(String feed) {
        return feed.lines().filter(line -> line.startsWith("UID:") || line.startsWith("SEQUENCE:")).toList();
    }

    @Test
    void aCustomerMovesToAnotherClusterWithEveryBookingAndTheSameFeedEvents() throws Exception {
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
        oldCluster = LocalStack.start(oldFolder, 0);
        new EndToEnd(oldFolder, oldCluster).write(SLUG, YAML);
        new EndToEnd(oldFolder, oldCluster).awaitPhase(SLUG, Phase.Active);
        Signed old = signIn(oldCluster);
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Lisbon"));
        assertThat(old.send("POST", "/api/bookings", booking(today.plusDays(1).toString(), "10:00", "Jack", 2)).status()).isEqualTo(201);
        assertThat(old.send("POST", "/api/bookings", booking(today.plusDays(2).toString(), "09:00", "Bonnie", 1)).status()).isEqualTo(201);
        assertThat(old.send("PUT", "/api/bookings/move", "{\"date\":\"" + today.plusDays(2) + "\",\"time\":\"09:00\",\"toDate\":\""
                + today.plusDays(3) + "\",\"toTime\":\"15:00\"}").status()).isEqualTo(200);
        String oldFeed = feed(oldCluster, old);

        // 1. export from the old cluster
        TestHttp.Answer export = old.send("GET", "/api/export", null);
        assertThat(export.status()).isEqualTo(200);

        // 2. the same CalendarInstance on the new cluster
        newCluster = LocalStack.start(newFolder, 0);
        EndToEnd platform = new EndToEnd(newFolder, newCluster);
        platform.write(SLUG, YAML);
        platform.awaitPhase(SLUG, Phase.Active);
        Signed moved = signIn(newCluster);

        // 3. import: a dry run first, then the real one
        TestHttp.Answer dry = moved.send("POST", "/api/import?dryRun=true", export.body());
        assertThat(dry.status()).isEqualTo(200);
        assertThat(dry.json().path("created")).hasSize(2);
        assertThat(moved.send("GET", "/api/bookings", null).json().size()).as("the dry run wrote nothing").isZero();
        TestHttp.Answer imported = moved.send("POST", "/api/import", export.body());
        assertThat(imported.status()).isEqualTo(200);
        assertThat(imported.json().path("created")).hasSize(2);
        assertThat(imported.json().path("conflicts")).isEmpty();

        JsonNode before = old.send("GET", "/api/bookings", null).json();
        JsonNode after = moved.send("GET", "/api/bookings", null).json();
        assertThat(after).as("every booking, with its creation time and sequence").isEqualTo(before);
        assertThat(identities(feed(newCluster, moved))).as("the same UIDs and SEQUENCEs").isEqualTo(identities(oldFeed))
                .hasSize(4);
        assertThat(moved.send("GET", "/api/history", null).json().path("entries"))
                .allSatisfy(e -> assertThat(e.path("source").asText()).isEqualTo("import"));
    }
}
