package dev.cps.calendar.app.history;

import dev.cps.calendar.app.feed.StreamId;

import java.util.List;
import java.util.Optional;

/** The history of an instance's booking changes, newest first, kept for the calendar's retention. */
public interface ChangeHistory {

    /** Up to {@code limit} entries, newest first, all older than {@code before} when given. */
    List<HistoryEntry> recent(int limit, Optional<StreamId> before);
}
