package dev.cps.calendar.app.history;

import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.app.config.ConfigSource;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * How long the history is kept: the config's {@code historyRetentionDays}, read at each write, so an
 * edit of the CalendarInstance applies without a restart. Trimming is by stream id (its milliseconds).
 */
public final class HistoryRetention {

    private final Supplier<Duration> retention;
    private final Clock clock;

    public HistoryRetention(Supplier<Duration> retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    public static HistoryRetention days(int days, Clock clock) {
        return new HistoryRetention(() -> Duration.ofDays(days), clock);
    }

    public static final HistoryRetention DEFAULT = days(InstanceConfig.DEFAULT_HISTORY_RETENTION_DAYS, Clock.systemUTC());

    /** The retention the current config of {@code config} names (the default while there is none). */
    public static HistoryRetention of(Supplier<ConfigSource> config, Clock clock) {
        return new HistoryRetention(() -> Duration.ofDays(java.util.Optional.ofNullable(config.get())
                .flatMap(ConfigSource::current)
                .map(c -> c.config().historyRetentionDays())
                .orElse(InstanceConfig.DEFAULT_HISTORY_RETENTION_DAYS)), clock);
    }

    /** The stream id below which entries are dropped: {@code <now - retention in ms>}. */
    public String oldestKeptId() {
        return Long.toString(oldestKeptMillis());
    }

    public long oldestKeptMillis() {
        return Math.max(0, clock.millis() - retention.get().toMillis());
    }
}
