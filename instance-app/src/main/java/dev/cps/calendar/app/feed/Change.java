package dev.cps.calendar.app.feed;

/**
 * One entry of the change feed: its id, its {@link dev.cps.calendar.api.ChangeFeed} type and its
 * JSON data, exactly as browsers receive them over SSE.
 */
public record Change(StreamId id, String type, String data) {
}
