package dev.cps.calendar.app;

import dev.cps.calendar.api.AppEnvironment;
import dev.cps.calendar.app.access.AbuseLimits;
import dev.cps.calendar.app.pool.PoolApp;
import dev.cps.calendar.app.pool.PoolSettings;

import java.util.Map;

/**
 * What the app image runs, chosen by its environment: with {@code POOL_ID} the pool of Shared
 * calendars ({@link PoolApp}), otherwise the one calendar {@code INSTANCE_SLUG} ({@link InstanceApp}).
 */
public interface AppProcess extends AutoCloseable {

    /** The public port. */
    int port();

    /** The private port of {@code /metrics}. */
    int metricsPort();

    @Override
    void close();

    /** @param threads the process's own ({@link AppThreads#own()}) or ones it shares with other apps (the local stack) */
    static AppProcess start(Map<String, String> env, AppThreads threads) {
        AbuseLimits limits = AbuseLimits.fromEnvironment(env);
        String pool = env.getOrDefault(AppEnvironment.POOL_ID, "");
        if (!pool.isBlank()) {
            return PoolApp.start(PoolSettings.fromEnvironment(env), limits, threads);
        }
        return InstanceApp.start(AppSettings.fromEnvironment(env), limits, threads);
    }
}
