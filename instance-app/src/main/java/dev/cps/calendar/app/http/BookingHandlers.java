package dev.cps.calendar.app.http;

import dev.cps.calendar.api.BookingFit;
import dev.cps.calendar.app.config.ActiveConfig;
import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.domain.BookingRequest;
import dev.cps.calendar.app.domain.BookingRules;
import dev.cps.calendar.app.domain.DaySchedule;
import dev.cps.calendar.app.domain.InvalidBookingException;
import dev.cps.calendar.app.domain.Slot;
import dev.cps.calendar.app.history.ChangeOrigins;
import dev.cps.calendar.app.metrics.AppMetrics;
import dev.cps.calendar.app.store.BookingStore;
import io.javalin.http.ContentType;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The booking endpoints: each parses, asks the rules and the store, and answers. */
final class BookingHandlers {

    private static final String UPDATE = "update";

    private final Availability availability;
    private final BookingStore store;
    private final AppMetrics metrics;
    private final Clock clock;

    BookingHandlers(Availability availability, BookingStore store, AppMetrics metrics, Clock clock) {
        this.availability = availability;
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** GET /api/bookings[?from=&to=]; with an ETag, If-None-Match answers 304 */
    void list(Context ctx) throws IOException {
        availability.require();
        LocalDate from = optionalDate(ctx, "from");
        LocalDate to = optionalDate(ctx, "to");
        if (from != null && to != null && from.isAfter(to)) {
            throw ApiError.invalid("from (" + from + ") is after to (" + to + ")");
        }
        List<DaySchedule> days = List.copyOf(store.between(from, to).values()); // one version for the tag and the body
        if (EntityTag.notModified(ctx, BookingsJson.tagOf(days))) {
            return;
        }
        ctx.contentType(ContentType.APPLICATION_JSON);
        byte[] whole = BookingsJson.wholeBody(days);
        if (whole != null) {
            ctx.result(whole);
            return;
        }
        try (OutputStream out = ctx.outputStream()) {
            BookingsJson.writeDays(days, out);
        }
    }

    /**
     * GET /api/orphaned-bookings: the upcoming bookings an edit of the calendar left behind (a user
     * gone, the hours narrowed), each with why, so an editor can remove or reassign them.
     */
    void orphaned(Context ctx) {
        ActiveConfig config = availability.require();
        List<OrphanedBooking> orphaned = new ArrayList<>();
        for (DaySchedule day : store.between(config.rules().today(clock.instant()), null).values()) {
            for (Booking booking : day.bookings()) {
                BookingFit.problem(config.config(), booking.user(), booking.startHour(), booking.duration())
                        .ifPresent(problem -> orphaned.add(OrphanedBooking.of(booking, problem, reassignable(config, booking))));
            }
        }
        ctx.json(Map.of("bookings", orphaned));
    }

    /** Whether giving the booking to a current user would make it fit: it is inside the hours. */
    private static boolean reassignable(ActiveConfig config, Booking booking) {
        return config.config().users().stream().findFirst()
                .map(user -> BookingFit.problem(config.config(), user.name(), booking.startHour(), booking.duration()).isEmpty())
                .orElse(false);
    }

    /** One entry of {@code /api/orphaned-bookings}; {@code reassignable}: a PUT with a current user would fit. */
    record OrphanedBooking(String date, String time, String user, int duration, String problem, boolean reassignable) {
        static OrphanedBooking of(Booking booking, String problem, boolean reassignable) {
            return new OrphanedBooking(booking.date().toString(), booking.time(), booking.user(), booking.duration(), problem,
                    reassignable);
        }
    }

    /** The answer of a delete: {@code {"deleted": true, date, time, booking}}. */
    @com.fasterxml.jackson.annotation.JsonPropertyOrder({"deleted", "date", "time", "booking"})
    record Deleted(boolean deleted, String date, String time, BookingAnswer booking) {
    }

    /** GET /api/bookings/{date}; with an ETag, If-None-Match answers 304 */
    void day(Context ctx) {
        String date = ctx.pathParam("date");
        if (UPDATE.equals(date)) {
            throw ApiError.methodNotAllowed("GET is not allowed on /api/bookings/update; use PUT or DELETE");
        }
        availability.require();
        DayJson day = BookingsJson.day(store.day(BookingRules.date(date)));
        if (!EntityTag.notModified(ctx, day.tag())) {
            ctx.contentType(ContentType.APPLICATION_JSON).result(day.body());
        }
    }

    /** POST /api/bookings {date, time, user, duration} */
    void create(Context ctx) {
        ActiveConfig config = availability.require();
        Booking booking = config.rules().check(request(JsonBody.of(ctx)), clock.instant());
        Booking created = counted(() -> store.create(booking, ChangeOrigins.of(ctx)));
        metrics.bookingChanged("created");
        ctx.status(201).json(BookingAnswer.of(created));
    }

    /** PUT /api/bookings/update {date, time, user, duration} */
    void update(Context ctx) {
        ActiveConfig config = availability.require();
        Booking booking = config.rules().check(request(JsonBody.of(ctx)), clock.instant());
        Booking updated = counted(() -> store.update(booking, ChangeOrigins.of(ctx)));
        metrics.bookingChanged("updated");
        ctx.json(BookingAnswer.of(updated));
    }

    /** DELETE /api/bookings/update {date, time} */
    void delete(Context ctx) {
        availability.require();
        JsonBody body = JsonBody.of(ctx);
        Slot slot = BookingRules.slot(body.text("date", "2024-01-21"), body.text("time", "10:00"));
        Booking deleted = store.delete(slot, ChangeOrigins.of(ctx));
        metrics.bookingChanged("deleted");
        ctx.json(new Deleted(true, slot.date().toString(), slot.time(), BookingAnswer.of(deleted)));
    }

    /** PUT /api/bookings/move {date, time, toDate, toTime}: the same user and length, starting elsewhere */
    void move(Context ctx) {
        ActiveConfig config = availability.require();
        JsonBody body = JsonBody.of(ctx);
        Slot from = BookingRules.slot(body.text("date", "2024-01-21"), body.text("time", "10:00"));
        String toDate = body.text("toDate", "2024-01-22");
        String toTime = body.text("toTime", "14:00");
        Booking current = store.day(from.date()).startingAt(from.hour())
                .orElseThrow(() -> new dev.cps.calendar.app.domain.BookingNotFoundException(from));
        // the target must be bookable for this booking's length, like a new booking of it
        Booking target = config.rules().check(new BookingRequest(toDate, toTime, current.user(), current.duration()),
                clock.instant());
        if (target.slot().equals(from)) {
            throw ApiError.invalid("the booking already starts at " + from + "; give another toDate or toTime");
        }
        Booking moved = counted(() -> store.move(from, target.slot(), config.config().hours().end(), ChangeOrigins.of(ctx)));
        metrics.bookingChanged("moved");
        ctx.json(BookingAnswer.of(moved));
    }

    private static BookingRequest request(JsonBody body) {
        return new BookingRequest(body.text("date", "2024-01-21"), body.text("time", "10:00"),
                body.text("user", "Jack"), body.integer("duration", "2"));
    }

    private Booking counted(java.util.function.Supplier<Booking> write) {
        try {
            return write.get();
        } catch (dev.cps.calendar.app.domain.BookingConflictException e) {
            metrics.conflict();
            throw e;
        }
    }

    private static LocalDate optionalDate(Context ctx, String param) {
        String value = ctx.queryParam(param);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return BookingRules.date(value);
        } catch (InvalidBookingException e) {
            throw ApiError.invalid(param + ": " + e.getMessage());
        }
    }

}
