package dev.cps.calendar.app.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cps.calendar.api.ChangeFeed;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.domain.BookingRules;
import dev.cps.calendar.app.domain.Slot;
import dev.cps.calendar.app.feed.Change;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The JSON of a stored booking, {@code {"user","duration","createdAt"}} and {@code "sequence"} once it
 * has been changed or moved (the value of a field
 * {@code HH:00} of a day hash, and what the API shows), and of the change-feed data:
 * {@code {"date","time","booking":{...}}} for created and updated, {@code {"date","time"}} for deleted.
 * The Lua scripts of {@link RedisBookingStore} write the same shapes.
 */
public final class BookingJson {

    private BookingJson() {
    }

    public static String value(Booking booking) {
        return "{\"user\":" + ContractJson.write(booking.user())
                + ",\"duration\":" + booking.duration()
                + ",\"createdAt\":\"" + booking.createdAt() + "\""
                + (booking.sequence() > 0 ? ",\"sequence\":" + booking.sequence() : "") + "}";
    }

    /** @throws IllegalArgumentException (or a subclass) when the value is not a whole booking */
    public static Booking parseValue(LocalDate date, String time, String json) {
        JsonNode node = read(json);
        if (!node.path("user").isTextual() || !node.path("duration").isInt() || !node.path("createdAt").isTextual()) {
            throw new IllegalArgumentException("a booking needs user, duration and createdAt");
        }
        JsonNode sequence = node.path("sequence");
        if (!sequence.isMissingNode() && !(sequence.isInt() && sequence.asInt() >= 0)) {
            throw new IllegalArgumentException("a booking's sequence must be a whole number, 0 or more");
        }
        try {
            return new Booking(date, BookingRules.hour(time), node.path("user").asText(),
                    node.path("duration").asInt(), Instant.parse(node.path("createdAt").asText()), sequence.asInt(0));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("createdAt is not an ISO-8601 instant");
        }
    }

    public static String eventData(Booking booking) {
        return "{\"date\":\"" + booking.date() + "\",\"time\":\"" + booking.time() + "\",\"booking\":" + value(booking) + "}";
    }

    public static String deletedData(Slot slot) {
        return "{\"date\":\"" + slot.date() + "\",\"time\":\"" + slot.time() + "\"}";
    }

    /** Applies a booking change of the feed to {@code view}; other changes are not the view's. */
    public static void apply(Change change, BookingView view) {
        switch (change.type()) {
            case ChangeFeed.BOOKING_CREATED, ChangeFeed.BOOKING_UPDATED -> {
                JsonNode node = read(change.data());
                LocalDate date = BookingRules.date(node.path("date").asText());
                String time = node.path("time").asText();
                view.put(parseValue(date, time, node.path("booking").toString()), change.id());
            }
            case ChangeFeed.BOOKING_DELETED -> {
                JsonNode node = read(change.data());
                view.remove(BookingRules.slot(node.path("date").asText(), node.path("time").asText()), change.id());
            }
            default -> {
            }
        }
    }

    private static JsonNode read(String json) {
        try {
            return ContractJson.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
    }
}
