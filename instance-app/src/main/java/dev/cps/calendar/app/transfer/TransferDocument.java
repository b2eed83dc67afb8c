package dev.cps.calendar.app.transfer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cps.calendar.app.config.ActiveConfig;
import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.domain.DaySchedule;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.app.http.BookingAnswer;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Collection;

/**
 * The export document, which an import takes back (into the same calendar or another):
 * <pre>{@code
 * {"format": "calendar-operator-export", "version": 1, "exportedAt": "...",
 *  "config": { the config as GET /api/config shows it },
 *  "bookings": [{"date", "time", "user", "duration", "createdAt", "sequence"?}, ...]}
 * }</pre>
 * The bookings keep their creation time and sequence, so a calendar app subscribed to the feed sees the
 * same events (the same UIDs) after a move to another cluster.
 */
public final class TransferDocument {

    public static final String FORMAT = "calendar-operator-export";
    public static final int VERSION = 1;
    public static final String EXPORT_PATH = "/api/export";
    public static final String IMPORT_PATH = "/api/import";
    /** An import carries a whole calendar: 8 MiB is some 80,000 bookings. */
    public static final int MAX_BYTES = 8 * 1024 * 1024;

    private TransferDocument() {
    }

    /** Written as it is read, booking by booking: a large calendar costs no more memory than one booking. */
    public static void write(ActiveConfig config, Collection<DaySchedule> days, Instant now, Writer out) throws IOException {
        try (JsonGenerator json = ContractJson.MAPPER.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("format", FORMAT);
            json.writeNumberField("version", VERSION);
            json.writeStringField("exportedAt", now.toString());
            json.writeFieldName("config");
            json.writeRawValue(config.json()); // as GET /api/config shows it
            json.writeArrayFieldStart("bookings");
            for (DaySchedule day : days) {
                for (Booking booking : day.bookings()) {
                    json.writeObject(BookingAnswer.of(booking));
                }
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    /** @throws IllegalArgumentException with what is wrong, when the document is not an export this app reads */
    public static JsonNode requireReadable(JsonNode document) {
        if (!FORMAT.equals(document.path("format").asText(null))) {
            throw new IllegalArgumentException("this is not a calendar export: \"format\" must be \"" + FORMAT + "\"");
        }
        JsonNode version = document.path("version");
        if (!version.isInt() || version.asInt() < 1) {
            throw new IllegalArgumentException("\"version\" must be a whole number, 1 or more");
        }
        if (version.asInt() > VERSION) {
            throw new IllegalArgumentException("this export has format version " + version.asInt()
                    + "; this calendar reads version " + VERSION + " and older: update the calendar app first");
        }
        JsonNode bookings = document.path("bookings");
        if (!bookings.isArray()) {
            throw new IllegalArgumentException("\"bookings\" must be a list");
        }
        return bookings;
    }
}
