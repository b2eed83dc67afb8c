package dev.cps.calendar.app.config;

import java.util.Optional;

/** Where the calendar's config comes from; empty while the calendar is not provisioned. */
public interface ConfigSource extends AutoCloseable {

    Optional<ActiveConfig> current();

    @Override
    default void close() {
    }
}
