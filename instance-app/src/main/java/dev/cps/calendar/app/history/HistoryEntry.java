package dev.cps.calendar.app.history;

import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.feed.StreamId;

import java.time.Instant;
import java.util.Optional;

/**
 * One change of the history: when, what (with the booking before and after it, as far as they exist),
 * and from where. {@code id} orders the entries and pages through them ({@code ?before=}).
 */
public record HistoryEntry(StreamId id, Instant at, HistoryAction action, Optional<Booking> before, Optional<Booking> after,
                           ChangeOrigin origin) {
}
