package dev.cps.calendar.app.pool;

import dev.cps.calendar.app.metrics.AppMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.function.IntSupplier;

/**
 * The pool's one registry: the process's own metrics, the pool's gauges (members, loaded
 * calendars), and each loaded calendar's series labelled with its slug ({@link AppMetrics#sharing}).
 */
final class PoolMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc;

    PoolMetrics(String poolId, IntSupplier members, IntSupplier loaded) {
        gc = AppMetrics.bindJvm(registry);
        Gauge.builder("calendar.pool.members", members::getAsInt).description("calendars of the pool (its members hash)")
                .tag("pool", poolId).register(registry);
        Gauge.builder("calendar.pool.loaded.calendars", loaded::getAsInt)
                .description("calendars loaded now: used lately or with an open event stream").tag("pool", poolId).register(registry);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
