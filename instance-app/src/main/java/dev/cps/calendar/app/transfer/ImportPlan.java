package dev.cps.calendar.app.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.domain.BookingRequest;
import dev.cps.calendar.app.domain.BookingRules;
import dev.cps.calendar.app.domain.InvalidBookingException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bookings of an export checked against this calendar's rules (its users, hours, zone), by day;
 * those it cannot take are {@link Refusal}s. Nothing is imported while there is one.
 */
public record ImportPlan(Map<LocalDate, List<Booking>> byDay, List<Refusal> refused) {

    /** At most one booking can start in each hour of a day. */
    static final int MAX_PER_DAY = 24;

    /** Booking number {@code index} (from 0) of the document, and why it cannot be imported. */
    public record Refusal(int index, String date, String time, String user, String reason) {
    }

    public static ImportPlan of(JsonNode bookings, BookingRules rules, Instant now) {
        Map<LocalDate, List<Booking>> byDay = new TreeMap<>();
        List<Refusal> refused = new ArrayList<>();
        for (int i = 0; i < bookings.size(); i++) {
            JsonNode node = bookings.get(i);
            String date = text(node, "date");
            String time = text(node, "time");
            String user = text(node, "user");
            try {
                if (!node.isObject()) {
                    throw new InvalidBookingException("a booking must be an object {date, time, user, duration, createdAt}");
                }
                JsonNode duration = node.path("duration");
                Booking checked = rules.check(new BookingRequest(date, time, user, duration.isInt() ? duration.asInt() : null), now);
                Booking booking = new Booking(checked.date(), checked.startHour(), checked.user(), checked.duration(),
                        createdAt(node, now), sequence(node));
                List<Booking> day = byDay.computeIfAbsent(booking.date(), d -> new ArrayList<>());
                if (day.size() == MAX_PER_DAY) {
                    throw new InvalidBookingException("more than " + MAX_PER_DAY + " bookings on " + booking.date());
                }
                day.add(booking);
            } catch (InvalidBookingException | IllegalArgumentException e) {
                refused.add(new Refusal(i, date, time, user, e.getMessage()));
            }
        }
        return new ImportPlan(byDay, List.copyOf(refused));
    }

    public int size() {
        return byDay.values().stream().mapToInt(List::size).sum();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    /** Kept from the export, so the booking keeps its feed UID; an export without one gets now. */
    private static Instant createdAt(JsonNode node, Instant now) {
        JsonNode value = node.path("createdAt");
        if (value.isMissingNode() || value.isNull()) {
            return now;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new InvalidBookingException("createdAt must be an ISO-8601 instant such as 2024-01-21T09:30:00Z, got "
                    + value);
        }
    }

    private static int sequence(JsonNode node) {
        JsonNode value = node.path("sequence");
        if (value.isMissingNode() || value.isNull()) {
            return 0;
        }
        if (!value.isInt() || value.asInt() < 0) {
            throw new InvalidBookingException("sequence must be a whole number, 0 or more, got " + value);
        }
        return value.asInt();
    }
}
