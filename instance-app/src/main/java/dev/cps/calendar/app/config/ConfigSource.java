package dev.cps.calendar.app.config;

import java.util.Optional;

/** Where the calendar's config comes from; empty while the calendar is not provisioned. */
public interface ConfigSource extends AutoCloseable {

    Optional<ActiveConfig> current();

    /** Why the newest stored config was refused (the calendar keeps the last good one); empty when it was taken. */
    default Optional<String> refused() {
        return Optional.empty();
    }

    @Override
    default void close() {
    }
}
