package dev.cps.calendar.app.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.domain.BookingRules;
import dev.cps.calendar.app.feed.StreamId;
import dev.cps.calendar.app.store.BookingJson;

import java.time.Instant;
import java.util.Optional;

/**
 * The stored shape of a history entry, {@code {"action", "before"?, "after"?, "origin"}} where before
 * and after are {@code {"date","time","booking":{...}}} as on the change feed (the booking scripts
 * write it), and the shape the API answers with.
 */
public final class HistoryEntryJson {

    private HistoryEntryJson() {
    }

    /** The data the store writes for a change, the same as the booking scripts write. */
    public static String stored(HistoryAction action, Optional<Booking> before, Optional<Booking> after, ChangeOrigin origin) {
        StringBuilder json = new StringBuilder("{\"action\":\"").append(action.label()).append('"');
        before.ifPresent(b -> json.append(",\"before\":").append(BookingJson.eventData(b)));
        after.ifPresent(a -> json.append(",\"after\":").append(BookingJson.eventData(a)));
        return json.append(",\"origin\":").append(origin.json()).append('}').toString();
    }

    /** @throws IllegalArgumentException when the data is not an entry */
    public static HistoryEntry parse(StreamId id, String data) {
        JsonNode node;
        try {
            node = ContractJson.MAPPER.readTree(data);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
        JsonNode origin = node.path("origin");
        return new HistoryEntry(id, Instant.ofEpochMilli(id.millis()), HistoryAction.ofLabel(node.path("action").asText()),
                placed(node.path("before")), placed(node.path("after")),
                new ChangeOrigin(ChangeOrigin.Source.ofLabel(origin.path("source").asText("api")),
                        origin.path("role").isTextual() ? origin.path("role").asText() : null));
    }

    private static Optional<Booking> placed(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        return Optional.of(BookingJson.parseValue(BookingRules.date(node.path("date").asText()), node.path("time").asText(),
                node.path("booking").toString()));
    }

    /** {@code {id, at, action, before?, after?, source, role?}}, with before and after as {@code {date,time,user,duration}}. */
    public static String api(HistoryEntry entry) {
        StringBuilder json = new StringBuilder("{\"id\":\"").append(entry.id()).append("\",\"at\":\"").append(entry.at())
                .append("\",\"action\":\"").append(entry.action().label()).append('"');
        entry.before().ifPresent(b -> json.append(",\"before\":").append(booking(b)));
        entry.after().ifPresent(a -> json.append(",\"after\":").append(booking(a)));
        json.append(",\"source\":\"").append(entry.origin().source().label()).append('"');
        if (entry.origin().role() != null) {
            json.append(",\"role\":").append(ContractJson.write(entry.origin().role()));
        }
        return json.append('}').toString();
    }

    private static String booking(Booking b) {
        return "{\"date\":\"" + b.date() + "\",\"time\":\"" + b.time() + "\",\"user\":" + ContractJson.write(b.user())
                + ",\"duration\":" + b.duration() + "}";
    }
}
