package dev.cps.calendar.app.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.cps.calendar.api.ChangeFeed;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.PlacedBooking;
import dev.cps.calendar.api.StoredBooking;
import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.domain.BookingRules;
import dev.cps.calendar.app.domain.InvalidBookingException;
import dev.cps.calendar.app.domain.Slot;
import dev.cps.calendar.app.feed.Change;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The one codec between a {@link Booking} and the contract's records: the stored value
 * ({@link StoredBooking}) and the change-feed data ({@link PlacedBooking}), both written by
 * {@link ContractJson#MAPPER}. Every store (Redis, in memory) and the history go through here.
 */
public final class BookingJson {

    private BookingJson() {
    }

    public static StoredBooking stored(Booking booking) {
        return new StoredBooking(booking.user(), booking.duration(), booking.createdAt().toString(), booking.sequence());
    }

    public static PlacedBooking placed(Booking booking) {
        return new PlacedBooking(booking.date().toString(), booking.time(), stored(booking));
    }

    /** The value of field {@code HH:00} of the day hash. */
    public static String value(Booking booking) {
        return ContractJson.write(stored(booking));
    }

    /** The feed data of a created or updated booking. */
    public static String eventData(Booking booking) {
        return ContractJson.write(placed(booking));
    }

    /** The feed data of a deleted booking. */
    public static String deletedData(Slot slot) {
        return ContractJson.write(PlacedBooking.removed(slot.date().toString(), slot.time()));
    }

    /** @throws UnreadableStoredData when the value is not a whole booking */
    public static Booking parseValue(LocalDate date, String time, String json) {
        StoredBooking stored;
        try {
            stored = ContractJson.MAPPER.readValue(json, StoredBooking.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw unreadable(e);
        }
        if (stored == null) {
            throw new UnreadableStoredData("null is not a booking", null);
        }
        return booking(date, time, stored);
    }

    /** The booking of a feed entry or a history entry; @throws UnreadableStoredData without one. */
    public static Booking booking(PlacedBooking placed) {
        if (placed.booking() == null) {
            throw new UnreadableStoredData("a change of " + placed.date() + " " + placed.time() + " without its booking", null);
        }
        try {
            return booking(BookingRules.date(placed.date()), placed.time(), placed.booking());
        } catch (InvalidBookingException e) {
            throw unreadable(e);
        }
    }

    /** @throws UnreadableStoredData when the data is not a {@link PlacedBooking} */
    public static PlacedBooking parsePlaced(String json) {
        try {
            PlacedBooking placed = ContractJson.MAPPER.readValue(json, PlacedBooking.class);
            if (placed == null) {
                throw new UnreadableStoredData("null is not a change of a booking", null);
            }
            return placed;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw unreadable(e);
        }
    }

    /** Applies a booking change of the feed to {@code view}; other changes are not the view's. */
    public static void apply(Change change, BookingView view) {
        switch (change.type()) {
            case ChangeFeed.BOOKING_CREATED, ChangeFeed.BOOKING_UPDATED -> view.put(booking(parsePlaced(change.data())), change.id());
            case ChangeFeed.BOOKING_DELETED -> {
                PlacedBooking placed = parsePlaced(change.data());
                view.remove(slot(placed.date(), placed.time()), change.id());
            }
            default -> {
            }
        }
    }

    private static Booking booking(LocalDate date, String time, StoredBooking stored) {
        try {
            return new Booking(date, BookingRules.hour(time), stored.user(), stored.duration(),
                    Instant.parse(stored.createdAt()), stored.sequence());
        } catch (IllegalArgumentException | InvalidBookingException e) { // a time that is no hour, a booking past midnight
            throw unreadable(e);
        }
    }

    private static Slot slot(String date, String time) {
        try {
            return BookingRules.slot(date, time);
        } catch (InvalidBookingException e) {
            throw unreadable(e);
        }
    }

    private static UnreadableStoredData unreadable(Exception e) {
        // the record's own words when it refused to construct, not Jackson's wrapping of them
        String why = e instanceof ValueInstantiationException refused && refused.getCause() != null
                ? refused.getCause().getMessage()
                : e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        return new UnreadableStoredData(why, e);
    }
}
