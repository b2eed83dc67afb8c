package dev.cps.calendar.app.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.app.access.AccessGate;
import dev.cps.calendar.app.access.Role;
import dev.cps.calendar.app.config.ActiveConfig;
import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.history.ChangeOrigin;
import dev.cps.calendar.app.history.ChangeOrigins;
import dev.cps.calendar.app.http.ApiError;
import dev.cps.calendar.app.http.Availability;
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
            ctx.status(422).contentType("application/json").result(report(dryRun, plan, List.of(),
                    "refused", plan.refused().size() + " of the " + bookings.size()
                            + " bookings cannot be imported into this calendar (see \"refused\"); nothing was imported"));
            return;
        }
        ChangeOrigin origin = ChangeOrigins.of(ctx, ChangeOrigin.Source.imported);
        List<DayImport> days = new ArrayList<>();
        for (Map.Entry<LocalDate, List<Booking>> day : plan.byDay().entrySet()) {
            days.add(store.importDay(day.getKey(), day.getValue(), dryRun, origin));
        }
        ctx.contentType("application/json").result(report(dryRun, plan, days, null, null));
    }

    private static String report(boolean dryRun, ImportPlan plan, List<DayImport> days, String error, String message) {
        StringBuilder json = new StringBuilder("{");
        if (error != null) {
            json.append("\"error\":\"").append(error).append("\",\"message\":").append(ContractJson.write(message)).append(',');
        }
        json.append("\"dryRun\":").append(dryRun);
        List<Booking> created = new ArrayList<>();
        List<Booking> same = new ArrayList<>();
        List<DayImport.Conflict> conflicts = new ArrayList<>();
        for (DayImport day : days) {
            created.addAll(day.created());
            same.addAll(day.alreadyThere());
            conflicts.addAll(day.conflicts());
        }
        json.append(",\"created\":").append(list(created.stream().map(TransferDocument::placed).toList()));
        json.append(",\"alreadyThere\":").append(same.size());
        json.append(",\"conflicts\":").append(list(conflicts.stream().map(c -> "{\"booking\":" + TransferDocument.placed(c.wanted())
                + ",\"existing\":" + TransferDocument.placed(c.existing()) + "}").toList()));
        json.append(",\"refused\":").append(list(plan.refused().stream().map(r -> "{\"index\":" + r.index()
                + ",\"date\":" + ContractJson.write(r.date()) + ",\"time\":" + ContractJson.write(r.time())
                + ",\"user\":" + ContractJson.write(r.user()) + ",\"reason\":" + ContractJson.write(r.reason()) + "}").toList()));
        return json.append('}').toString();
    }

    private static String list(List<String> items) {
        return "[" + String.join(",", items) + "]";
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
