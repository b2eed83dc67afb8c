package dev.cps.calendar.app.metrics;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
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
    /** The label that names the calendar on every series (not {@code instance}: Prometheus sets that one to the scraped target). */
    public static final String SLUG = "slug";
    private static final java.util.Set<String> KNOWN_METHODS = java.util.Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");

    private final PrometheusMeterRegistry registry;
    /** Whether the registry is this calendar's own (a dedicated app) or a pool's, shared with its other calendars. */
    private final boolean ownsRegistry;
    private final Tags slugTag;
    /** What this calendar registered, so a pool can take a calendar's series away when it unloads it. */
    private final java.util.Set<Meter> meters = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final JvmGcMetrics gc;
    private final Counter conflicts;
    /** Registering a Timer builds its id and looks it up in the registry: once per series, not per request. */
    private final java.util.Map<RequestSeries, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    /** A calendar of its own process: its own registry, with the JVM's metrics, every series tagged with its slug. */
    public AppMetrics(String slug, IntSupplier liveStreams, BooleanSupplier storeUp, BooleanSupplier provisioned) {
        this(ownRegistry(slug), true, slug, liveStreams, storeUp, provisioned);
    }

    /** A calendar of a pool: its series, tagged with its slug, in the pool's registry; {@link #close()} removes them. */
    public static AppMetrics sharing(PrometheusMeterRegistry registry, String slug, IntSupplier liveStreams,
                                     BooleanSupplier storeUp, BooleanSupplier provisioned) {
        return new AppMetrics(registry, false, slug, liveStreams, storeUp, provisioned);
    }

    private AppMetrics(PrometheusMeterRegistry registry, boolean ownsRegistry, String slug, IntSupplier liveStreams,
                       BooleanSupplier storeUp, BooleanSupplier provisioned) {
        this.registry = registry;
        this.ownsRegistry = ownsRegistry;
        this.slugTag = Tags.of(SLUG, slug);
        this.gc = ownsRegistry ? bindJvm(registry) : null;
        conflicts = add(Counter.builder("calendar.booking.conflicts").description("bookings refused because their hours were taken")
                .tags(slugTag).register(registry));
        add(Gauge.builder("calendar.live.streams", liveStreams::getAsInt).description("open Server-Sent Events streams")
                .tags(slugTag).register(registry));
        add(Gauge.builder("calendar.storage.up", () -> storeUp.getAsBoolean() ? 1 : 0)
                .description("1 when the storage (Redis) is reachable").tags(slugTag).register(registry));
        add(Gauge.builder("calendar.provisioned", () -> provisioned.getAsBoolean() ? 1 : 0)
                .description("1 when the calendar has its config").tags(slugTag).register(registry));
    }

    private static PrometheusMeterRegistry ownRegistry(String slug) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags(SLUG, slug);
        return registry;
    }

    /** The process's own metrics (memory, GC, threads, CPU, uptime): once per registry, a pool's or a dedicated app's. */
    public static JvmGcMetrics bindJvm(MeterRegistry registry) {
        JvmGcMetrics gc = new JvmGcMetrics();
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return gc;
    }

    private <M extends Meter> M add(M meter) {
        meters.add(meter);
        return meter;
    }

    /** Stored entries the app skipped because it cannot read them ({@code BadStoredData}). */
    public void watchSkippedEntries(java.util.function.LongSupplier skipped) {
        add(Gauge.builder("calendar.storage.skipped.entries", () -> skipped.getAsLong())
                .description("stored entries that cannot be read and are skipped (each is logged once)").tags(slugTag).register(registry));
    }

    public void bookingChanged(String change) {
        Counter counter = registry.counter("calendar.booking.changes", slugTag.and("change", change));
        meters.add(counter);
        counter.increment();
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
        return add(Timer.builder("http.server.requests")
                .tags(slugTag)
                .tag("method", series.method())
                .tag("route", series.route())
                .tag("status", String.valueOf(series.status()))
                .register(registry));
    }

    /** The Prometheus text format, served by {@link MetricsServer} on the private port. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        if (ownsRegistry) {
            gc.close();
            registry.close();
        } else {
            meters.forEach(registry::remove);
        }
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
