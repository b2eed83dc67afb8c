package dev.cps.calendar.app.history;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.PlacedBooking;
import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.feed.StreamId;
import dev.cps.calendar.app.store.BookingJson;
import dev.cps.calendar.app.store.UnreadableStoredData;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The stored shape of a history entry ({@link Stored}) and the shapes the API answers with
 * ({@link Answer}, {@link Page}), all written by {@link ContractJson#MAPPER}.
 */
public final class HistoryEntryJson {

    private HistoryEntryJson() {
    }

    /**
     * {@code {"action", "before"?, "after"?, "origin"}}, before and after as on the change feed
     * ({@link PlacedBooking}); the data field of an entry of the history stream.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"action", "before", "after", "origin"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Stored(HistoryAction action, PlacedBooking before, PlacedBooking after, ChangeOrigin origin) {
    }

    /** The data the stores write for a change. */
    public static String stored(HistoryAction action, Optional<Booking> before, Optional<Booking> after, ChangeOrigin origin) {
        return ContractJson.write(new Stored(action, before.map(BookingJson::placed).orElse(null),
                after.map(BookingJson::placed).orElse(null), origin));
    }

    /** @throws UnreadableStoredData when the data is not an entry */
    public static HistoryEntry parse(StreamId id, String data) {
        Stored stored;
        try {
            stored = ContractJson.MAPPER.readValue(data, Stored.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UnreadableStoredData("not a history entry: " + e.getOriginalMessage(), e);
        }
        if (stored == null || stored.action() == null) {
            throw new UnreadableStoredData("a history entry without its action", null);
        }
        return new HistoryEntry(id, Instant.ofEpochMilli(id.millis()), stored.action(),
                Optional.ofNullable(stored.before()).map(BookingJson::booking),
                Optional.ofNullable(stored.after()).map(BookingJson::booking),
                stored.origin() != null ? stored.origin() : ChangeOrigin.UNATTRIBUTED);
    }

    /** {@code {id, at, action, before?, after?, source, role?}}, with before and after as {@code {date,time,user,duration}}. */
    @JsonPropertyOrder({"id", "at", "action", "before", "after", "source", "role"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Answer(String id, Instant at, HistoryAction action, Shown before, Shown after, ChangeOrigin.Source source,
                         String role) {

        public static Answer of(HistoryEntry entry) {
            return new Answer(entry.id().toString(), entry.at(), entry.action(), entry.before().map(Shown::of).orElse(null),
                    entry.after().map(Shown::of).orElse(null), entry.origin().source(), entry.origin().role());
        }
    }

    /** A booking as the history shows it: where, whose, how long. */
    @JsonPropertyOrder({"date", "time", "user", "duration"})
    public record Shown(String date, String time, String user, int duration) {

        static Shown of(Booking booking) {
            return new Shown(booking.date().toString(), booking.time(), booking.user(), booking.duration());
        }
    }

    /**
     * {@code {"entries": [...], "next": "<id to pass as before>" | null, "retentionDays": n}}; next is
     * written even when null (the last page says so).
     */
    @JsonPropertyOrder({"entries", "next", "retentionDays"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Page(List<Answer> entries, String next, int retentionDays) {
    }
}
