package dev.cps.calendar.app.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.ViewerAccess;
import dev.cps.calendar.app.CalendarsOnRedis;
import dev.cps.calendar.app.InstanceApp;
import dev.cps.calendar.app.TestHttp;
import dev.cps.calendar.app.access.AccessFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

import java.time.LocalDate;
import java.time.ZoneOffset;

import static dev.cps.calendar.app.TestHttp.booking;
import static dev.cps.calendar.app.access.AccessFixtures.as;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Export and import over HTTP between two calendars in a real Redis: a whole calendar moves with its
 * bookings' creation times; a dry run writes nothing; a booking the target cannot take refuses the import
 * with a list; an existing booking is never overwritten; editors only.
 */
class TransferApiTest {

    static final String EDITORS = "k7mq-x2fp-9wdr-hb4e";
    static final String VIEWERS = "look-only-2222";
    @RegisterExtension
    static final CalendarsOnRedis CALENDARS = new CalendarsOnRedis();
    RedisClient admin;
    TestHttp oldHttp;
    TestHttp newHttp;
    String oldEditor;
    String newEditor;

    @BeforeEach
    void start() {
        admin = CALENDARS.admin();
        oldHttp = new TestHttp(CALENDARS.start("old", AccessFixtures.passcode(EDITORS, ViewerAccess.Passcode, VIEWERS,
                AccessFixtures.newSessionKey())).port());
        newHttp = new TestHttp(CALENDARS.start("new", AccessFixtures.passcode(EDITORS, ViewerAccess.None, null,
                AccessFixtures.newSessionKey())).port());
        oldEditor = AccessFixtures.signedIn(oldHttp, EDITORS);
        newEditor = AccessFixtures.signedIn(newHttp, EDITORS);
    }

    static String day(int fromToday) {
        return LocalDate.now(ZoneOffset.UTC).plusDays(fromToday).toString();
    }

    String exported() {
        TestHttp.Answer export = as(oldHttp, oldEditor, "GET", "/api/export", null);
        assertThat(export.status()).isEqualTo(200);
        return export.body();
    }

    @Test
    void anExportHasTheFormatTheConfigWithoutSecretsAndEveryBooking() throws Exception {
        as(oldHttp, oldEditor, "POST", "/api/bookings", booking(day(1), "10:00", "Jack", 2));
        as(oldHttp, oldEditor, "POST", "/api/bookings", booking(day(2), "09:00", "Bonnie", 1));
        as(oldHttp, oldEditor, "PUT", "/api/bookings/update", booking(day(2), "09:00", "Jack", 1));

        JsonNode document = ContractJson.MAPPER.readTree(exported());

        assertThat(document.path("format").asText()).isEqualTo(TransferDocument.FORMAT);
        assertThat(document.path("version").asInt()).isEqualTo(TransferDocument.VERSION);
        assertThat(document.path("config").path("title").asText()).isEqualTo("Team old");
        assertThat(document.path("config").has("access")).as("no passcode hash or session key").isFalse();
        assertThat(document.path("bookings")).hasSize(2);
        assertThat(document.path("bookings").get(1).path("user").asText()).isEqualTo("Jack");
        assertThat(document.path("bookings").get(1).path("sequence").asInt()).isEqualTo(1);
        assertThat(document.path("bookings").get(0).path("createdAt").isTextual()).isTrue();
    }

    @Test
    void aDryRunTellsWhatWouldBeCreatedAndWhatConflictsAndWritesNothing() {
        as(oldHttp, oldEditor, "POST", "/api/bookings", booking(day(1), "10:00", "Jack", 2));
        as(oldHttp, oldEditor, "POST", "/api/bookings", booking(day(2), "09:00", "Bonnie", 1));
        as(newHttp, newEditor, "POST", "/api/bookings", booking(day(1), "11:00", "Bonnie", 1));
        String document = exported();
        long feedBefore = admin.xlen("instance:{new}:changes");

        TestHttp.Answer dry = as(newHttp, newEditor, "POST", "/api/import?dryRun=true", document);

        assertThat(dry.status()).isEqualTo(200);
        assertThat(dry.json().path("dryRun").asBoolean()).isTrue();
        assertThat(dry.json().path("created")).hasSize(1);
        assertThat(dry.json().path("created").get(0).path("user").asText()).isEqualTo("Bonnie");
        assertThat(dry.json().path("conflicts")).hasSize(1);
        assertThat(dry.json().path("conflicts").get(0).path("existing").path("time").asText()).isEqualTo("11:00");
        assertThat(as(newHttp, newEditor, "GET", "/api/bookings", null).json().path(day(2)).isMissingNode()).isTrue();
        assertThat(admin.xlen("instance:{new}:changes")).isEqualTo(feedBefore);
    }

    @Test
    void anImportMovesEveryBookingWithItsCreationTimeAndNeverOverwrites() {
        as(oldHttp, oldEditor, "POST", "/api/bookings", booking(day(1), "10:00", "Jack", 2));
        as(oldHttp, oldEditor, "POST", "/api/bookings", booking(day(2), "09:00", "Bonnie", 1));
        as(newHttp, newEditor, "POST", "/api/bookings", booking(day(1), "11:00", "Bonnie", 1));
        String document = exported();

        TestHttp.Answer imported = as(newHttp, newEditor, "POST", "/api/import", document);

        assertThat(imported.status()).isEqualTo(200);
        assertThat(imported.json().path("created")).hasSize(1);
        assertThat(imported.json().path("conflicts")).hasSize(1);
        JsonNode bookings = as(newHttp, newEditor, "GET", "/api/bookings", null).json();
        assertThat(bookings.path(day(1)).path("11:00").path("user").asText()).as("not overwritten").isEqualTo("Bonnie");
        assertThat(bookings.path(day(1)).has("10:00")).isFalse();
        assertThat(bookings.path(day(2)).path("09:00").path("createdAt").asText()).isEqualTo(
                as(oldHttp, oldEditor, "GET", "/api/bookings", null).json().path(day(2)).path("09:00").path("createdAt").asText());

        TestHttp.Answer again = as(newHttp, newEditor, "POST", "/api/import", document);
        assertThat(again.json().path("created")).as("importing twice is harmless").isEmpty();
        assertThat(again.json().path("alreadyThere").asInt()).isEqualTo(1);
    }

    @Test
    void bookingsOfUnknownPeopleOrOutsideTheHoursRefuseTheWholeImportWithAList() throws Exception {
        as(oldHttp, oldEditor, "POST", "/api/bookings", booking(day(1), "10:00", "Jack", 2));
        ObjectNode document = (ObjectNode) ContractJson.MAPPER.readTree(exported());
        ArrayNode bookings = (ArrayNode) document.path("bookings");
        bookings.addObject().put("date", day(3)).put("time", "10:00").put("user", "Clyde").put("duration", 1);
        bookings.addObject().put("date", day(3)).put("time", "20:00").put("user", "Jack").put("duration", 1);
        bookings.addObject().put("date", day(4)).put("time", "17:00").put("user", "Jack").put("duration", 3);

        TestHttp.Answer refused = as(newHttp, newEditor, "POST", "/api/import", document.toString());

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("error").asText()).isEqualTo("refused");
        assertThat(refused.json().path("refused")).extracting(r -> r.path("index").asInt()).containsExactly(1, 2, 3);
        assertThat(refused.json().path("refused").get(0).path("reason").asText()).contains("Clyde");
        assertThat(admin.keys("instance:{new}:bookings:*")).as("nothing was imported").isEmpty();

        TestHttp.Answer dry = as(newHttp, newEditor, "POST", "/api/import?dryRun=true", document.toString());
        assertThat(dry.status()).as("a dry run reports the same without failing").isEqualTo(200);
        assertThat(dry.json().path("refused")).hasSize(3);
    }

    @Test
    void badDocumentsGetAClearErrorAndChangeNothing() {
        String[][] cases = {
                {"[1,2]", "JSON object"},
                {"{\"format\":\"something-else\",\"version\":1,\"bookings\":[]}", "not a calendar export"},
                {"{\"format\":\"calendar-operator-export\",\"version\":99,\"bookings\":[]}", "version 99"},
                {"{\"format\":\"calendar-operator-export\",\"version\":1,\"bookings\":{}}", "must be a list"},
                {"{\"format\":\"calendar-operator-export\",\"version\":1,\"bookings\":[], \"bookings\":[]}", "appears twice"},
        };
        for (String[] c : cases) {
            TestHttp.Answer answer = as(newHttp, newEditor, "POST", "/api/import", c[0]);
            assertThat(answer.status()).as(c[0]).isEqualTo(400);
            assertThat(answer.json().path("message").asText()).as(c[0]).containsIgnoringCase(c[1]);
        }
        assertThat(as(newHttp, newEditor, "POST", "/api/import?dryRun=maybe", "{}").status()).isEqualTo(400);
        assertThat(admin.keys("instance:{new}:bookings:*")).isEmpty();
    }

    @Test
    void aLargeCalendarFitsInOneImport() {
        StringBuilder bookings = new StringBuilder();
        for (int d = 1; d <= 300; d++) {
            for (int h = 8; h < 18; h += 2) {
                bookings.append(bookings.length() == 0 ? "" : ",").append(booking(day(d), (h < 10 ? "0" : "") + h + ":00",
                        h % 4 == 0 ? "Jack" : "Bonnie", 2));
            }
        }
        String document = "{\"format\":\"calendar-operator-export\",\"version\":1,\"bookings\":[" + bookings + "]}";
        assertThat(document.length()).as("far beyond the 16 KiB of a booking request").isGreaterThan(64 * 1024);

        TestHttp.Answer imported = as(newHttp, newEditor, "POST", "/api/import", document);

        assertThat(imported.status()).isEqualTo(200);
        assertThat(imported.json().path("created")).hasSize(1500);
    }

    @Test
    void onlyEditorsMayExportOrImport() {
        String viewer = AccessFixtures.signedIn(oldHttp, VIEWERS);
        assertThat(as(oldHttp, viewer, "GET", "/api/export", null).status()).isEqualTo(403);
        assertThat(as(oldHttp, viewer, "POST", "/api/import", "{}").status()).isEqualTo(403);
        assertThat(as(oldHttp, null, "GET", "/api/export", null).status()).isEqualTo(401);
        assertThat(as(oldHttp, null, "POST", "/api/import", "{}").status()).isEqualTo(401);
    }
}
