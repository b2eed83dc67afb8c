package dev.cps.calendar.app.config;

import dev.cps.calendar.api.InstanceConfig;

import java.util.Optional;

/** A config that never changes: the demo mode's. */
public final class StaticConfigSource implements ConfigSource {

    private final ActiveConfig config;

    public StaticConfigSource(InstanceConfig config) {
        this.config = ActiveConfig.of(config);
    }

    @Override
    public Optional<ActiveConfig> current() {
        return Optional.of(config);
    }
}
