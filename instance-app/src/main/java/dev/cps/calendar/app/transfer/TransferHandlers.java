package dev.cps.calendar.app.transfer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cps.calendar.app.access.AccessGate;
import dev.cps.calendar.app.access.Role;
import dev.cps.calendar.app.config.ActiveConfig;
import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.history.ChangeOrigin;
import dev.cps.calendar.app.history.ChangeOrigins;
import dev.cps.calendar.app.http.ApiError;
import dev.cps.calendar.app.http.Availability;
import dev.cps.calendar.app.http.BookingAnswer;
import dev.cps.calendar.app.http.JsonBody;
import dev.cps.calendar.app.store.BookingStore;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/export} and {@code POST /api/import[?dryRun=true]}, for editors only. An import is
 * checked whole first: a booking of an unknown user, outside the hours or otherwise not bookable refuses
 * the import (422, with the list) and nothing is written. Then each day is imported in one atomic step
 * that creates what is free and never overwrites a booking; overlaps are reported as conflicts.
 */
public final class TransferHandlers {

    private final Availability availability;
    private final BookingStore store;
    private final Clock clock;

    public TransferHandlers(Availability availability, BookingStore store, Clock clock) {
        this.availability = availability;
        this.store = store;
        this.clock = clock;
    }

    /** GET /api/export */
    public void export(Context ctx) throws IOException {
        ActiveConfig config = availability.require();
        requireEditor(ctx);
        ctx.contentType("application/json");
        ctx.header("Content-Disposition", "attachment; filename=\"" + config.config().slug() + "-export.json\"");
        ctx.header("Cache-Control", "no-store");
        try (Writer out = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8)) {
            TransferDocument.write(config, store.between(null, null).values(), clock.instant(), out);
        }
    }

    /** POST /api/import[?dryRun=true] with an export document */
    public void importDocument(Context ctx) {
        ActiveConfig config = availability.require();
        requireEditor(ctx);
        boolean dryRun = dryRun(ctx.queryParam("dryRun"));
        JsonNode bookings;
        try {
            bookings = TransferDocument.requireReadable(JsonBody.of(ctx, TransferDocument.MAX_BYTES).node());
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(e.getMessage());
        }
        ImportPlan plan = ImportPlan.of(bookings, config.rules(), clock.instant());
        if (!plan.refused().isEmpty() && !dryRun) {
            ctx.status(422).json(report(dryRun, plan, List.of(),
                    "refused", plan.refused().size() + " of the " + bookings.size()
                            + " bookings cannot be imported into this calendar (see \"refused\"); nothing was imported"));
            return;
        }
        ChangeOrigin origin = ChangeOrigins.of(ctx, ChangeOrigin.Source.imported);
        List<DayImport> days = new ArrayList<>();
        for (Map.Entry<LocalDate, List<Booking>> day : plan.byDay().entrySet()) {
            days.add(store.importDay(day.getKey(), day.getValue(), dryRun, origin));
        }
        ctx.json(report(dryRun, plan, days, null, null));
    }

    /**
     * The answer of an import: {@code {"error"?, "message"?, "dryRun", "created": [...], "alreadyThere": n,
     * "conflicts": [{"booking", "existing"}], "refused": [{index, date, time, user, reason}]}}.
     */
    @JsonPropertyOrder({"error", "message", "dryRun", "created", "alreadyThere", "conflicts", "refused"})
    record ImportReport(@JsonInclude(JsonInclude.Include.NON_NULL) String error,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String message, boolean dryRun, List<BookingAnswer> created,
                        int alreadyThere, List<ConflictAnswer> conflicts, List<ImportPlan.Refusal> refused) {
    }

    /** A booking of the document and the one of the calendar it overlaps. */
    record ConflictAnswer(BookingAnswer booking, BookingAnswer existing) {
    }

    private static ImportReport report(boolean dryRun, ImportPlan plan, List<DayImport> days, String error, String message) {
        List<BookingAnswer> created = new ArrayList<>();
        int same = 0;
        List<ConflictAnswer> conflicts = new ArrayList<>();
        for (DayImport day : days) {
            day.created().forEach(booking -> created.add(BookingAnswer.of(booking)));
            same += day.alreadyThere().size();
            day.conflicts().forEach(c -> conflicts.add(new ConflictAnswer(BookingAnswer.of(c.wanted()), BookingAnswer.of(c.existing()))));
        }
        return new ImportReport(error, message, dryRun, created, same, conflicts, plan.refused());
    }

    private static boolean dryRun(String value) {
        if (value == null || value.isEmpty() || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ApiError.invalid("dryRun must be true or false, got \"" + value + "\"");
    }

    private static void requireEditor(Context ctx) {
        if (AccessGate.roleAttribute(ctx) != Role.editor) {
            throw new ApiError(403, "editors-only", "only editors may export or import this calendar's bookings");
        }
    }
}
