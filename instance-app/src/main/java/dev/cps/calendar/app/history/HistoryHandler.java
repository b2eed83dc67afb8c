package dev.cps.calendar.app.history;

import dev.cps.calendar.app.config.ActiveConfig;
import dev.cps.calendar.app.feed.StreamId;
import dev.cps.calendar.app.http.ApiError;
import dev.cps.calendar.app.http.Availability;
import dev.cps.calendar.app.store.BookingStore;
import io.javalin.http.Context;

import java.util.List;
import java.util.Optional;

/** {@code GET /api/history?limit=&before=}: the newest changes first, a page at a time. */
public final class HistoryHandler {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    private final Availability availability;
    private final BookingStore store;

    public HistoryHandler(Availability availability, BookingStore store) {
        this.availability = availability;
        this.store = store;
    }

    /** {@code {"entries": [...], "next": "<id to pass as before>" | null, "retentionDays": n}} */
    public void list(Context ctx) {
        ActiveConfig config = availability.require();
        int limit = limit(ctx.queryParam("limit"));
        Optional<StreamId> before = before(ctx.queryParam("before"));
        // one more than asked tells whether there is a next page
        List<HistoryEntry> entries = store.history().recent(limit + 1, before);
        List<HistoryEntryJson.Answer> page = entries.stream().limit(limit).map(HistoryEntryJson.Answer::of).toList();
        String next = entries.size() > limit ? entries.get(limit - 1).id().toString() : null;
        ctx.json(new HistoryEntryJson.Page(page, next, config.config().historyRetentionDays()));
    }

    private static int limit(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.invalid("limit must be a whole number from 1 to " + MAX_LIMIT + ", got \"" + value + "\"");
    }

    private static Optional<StreamId> before(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(StreamId.parse(value).orElseThrow(() -> ApiError.invalid(
                "before must be the id of a history entry (the \"next\" of the previous page), got \"" + value + "\"")));
    }
}
