package dev.cps.calendar.app.feed;

import java.util.Optional;

/**
 * The id of a change-feed entry in Redis stream form, {@code <millis>-<sequence>}. It is the SSE
 * event id browsers send back as {@code Last-Event-ID}; the in-memory store mints the same form.
 */
public record StreamId(long millis, long sequence) implements Comparable<StreamId> {

    public static final StreamId ZERO = new StreamId(0, 0);

    public static Optional<StreamId> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int dash = value.indexOf('-');
        try {
            if (dash < 0) {
                return Optional.of(new StreamId(Long.parseLong(value.trim()), 0));
            }
            long millis = Long.parseLong(value.substring(0, dash).trim());
            long sequence = Long.parseLong(value.substring(dash + 1).trim());
            return millis < 0 || sequence < 0 ? Optional.empty() : Optional.of(new StreamId(millis, sequence));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static StreamId of(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("not a stream id: " + value));
    }

    public boolean isAfter(StreamId other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(StreamId other) {
        int byMillis = Long.compare(millis, other.millis);
        return byMillis != 0 ? byMillis : Long.compare(sequence, other.sequence);
    }

    @Override
    public String toString() {
        return millis + "-" + sequence;
    }
}
