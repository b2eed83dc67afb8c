package dev.cps.calendar.app.metrics;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/** The app's Prometheus metrics: HTTP requests, booking changes and conflicts, live streams, storage. */
public final class AppMetrics implements AutoCloseable {

    private static final String STARTED = "metrics-request-started";
    private static final java.util.Set<String> KNOWN_METHODS = java.util.Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Counter conflicts;
    /** Registering a Timer builds its id and looks it up in the registry: once per series, not per request. */
    private final java.util.Map<RequestSeries, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    public AppMetrics(String slug, IntSupplier liveStreams, BooleanSupplier storeUp, BooleanSupplier provisioned) {
        registry.config().commonTags("slug", slug);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        conflicts = Counter.builder("calendar.booking.conflicts").description("bookings refused because their hours were taken")
                .register(registry);
        Gauge.builder("calendar.live.streams", liveStreams::getAsInt).description("open Server-Sent Events streams")
                .register(registry);
        Gauge.builder("calendar.storage.up", () -> storeUp.getAsBoolean() ? 1 : 0)
                .description("1 when the storage (Redis) is reachable").register(registry);
        Gauge.builder("calendar.provisioned", () -> provisioned.getAsBoolean() ? 1 : 0)
                .description("1 when the calendar has its config").register(registry);
    }

    /** Stored entries the app skipped because it cannot read them ({@code BadStoredData}). */
    public void watchSkippedEntries(java.util.function.LongSupplier skipped) {
        Gauge.builder("calendar.storage.skipped.entries", () -> skipped.getAsLong())
                .description("stored entries that cannot be read and are skipped (each is logged once)").register(registry);
    }

    public void bookingChanged(String change) {
        registry.counter("calendar.booking.changes", "change", change).increment();
    }

    public void conflict() {
        conflicts.increment();
    }

    public void requestStarted(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
    }

    public void requestFinished(Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started == null || ctx.path().equals("/api/events")) {
            return;
        }
        timers.computeIfAbsent(new RequestSeries(method(ctx), route(ctx), ctx.statusCode()), this::timer)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    /** The labels of one request series; few (methods × routes × statuses), so each Timer is looked up once. */
    private record RequestSeries(String method, String route, int status) {
    }

    private Timer timer(RequestSeries series) {
        return Timer.builder("http.server.requests")
                .tag("method", series.method())
                .tag("route", series.route())
                .tag("status", String.valueOf(series.status()))
                .register(registry);
    }

    /** The Prometheus text format, served by {@link MetricsServer} on the private port. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    /** Methods the API knows keep their name; any other (a client may invent them) shares one label. */
    private static String method(Context ctx) {
        String method = ctx.req().getMethod();
        return KNOWN_METHODS.contains(method) ? method : "other";
    }

    /** The route pattern that answered (one of the route table's), so paths a client makes up add no series. */
    private static String route(Context ctx) {
        io.javalin.router.Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (endpoint != null && ctx.statusCode() != 404) {
            return endpoint.path;
        }
        return ctx.path().startsWith("/api/") ? "unmatched" : "static";
    }
}
