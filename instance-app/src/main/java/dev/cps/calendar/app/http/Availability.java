package dev.cps.calendar.app.http;

import dev.cps.calendar.app.config.ActiveConfig;
import dev.cps.calendar.app.config.ConfigSource;
import dev.cps.calendar.app.store.BookingStore;

/** Whether the calendar can answer: its storage is reachable and it has a config. */
public final class Availability {

    private final BookingStore store;
    private final ConfigSource config;

    public Availability(BookingStore store, ConfigSource config) {
        this.store = store;
        this.config = config;
    }

    /** The config to work with, or a 503 that says why there is none. */
    public ActiveConfig require() {
        if (!store.isAvailable()) {
            throw ApiError.redisUnavailable();
        }
        return config.current().orElseThrow(ApiError::notProvisioned);
    }

    public boolean storeAvailable() {
        return store.isAvailable();
    }

    /** Why the stored config was refused, if it was. */
    public java.util.Optional<String> configRefused() {
        return config.refused();
    }

    public boolean storageFull() {
        return store.isFull();
    }

    public boolean provisioned() {
        return config.current().isPresent();
    }
}
