package dev.cps.calendar.app;

import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.api.PoolKeys;
import dev.cps.calendar.app.access.AbuseLimits;
import dev.cps.calendar.app.access.AccessGate;
import dev.cps.calendar.app.access.AccessRoutes;
import dev.cps.calendar.app.access.SessionHandlers;
import dev.cps.calendar.app.config.ConfigSource;
import dev.cps.calendar.app.config.DemoConfig;
import dev.cps.calendar.app.config.StaticConfigSource;
import dev.cps.calendar.app.feed.EventHub;
import dev.cps.calendar.app.history.HistoryRetention;
import dev.cps.calendar.app.http.Availability;
import dev.cps.calendar.app.http.CalendarRoutes;
import dev.cps.calendar.app.http.ConnectionLimits;
import dev.cps.calendar.app.http.HealthHandler;
import dev.cps.calendar.app.http.JsonBody;
import dev.cps.calendar.app.metrics.AppMetrics;
import dev.cps.calendar.app.redis.RedisBookingStore;
import dev.cps.calendar.app.redis.RedisConfigSource;
import dev.cps.calendar.app.redis.RedisConnector;
import dev.cps.calendar.app.store.BookingStore;
import dev.cps.calendar.app.store.InMemoryBookingStore;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.Servlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One calendar: its store (Redis, or memory for the demo), config, live events, access gate,
 * metrics and routes, in a Javalin that is not bound to a port. A dedicated app ({@link InstanceApp})
 * starts that Javalin on a port of its own; a pool ({@code pool.PoolApp}) hands it the requests whose
 * Host is this calendar's, through {@link #servlet()}.
 */
public final class CalendarApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CalendarApp.class);
    static final int OUTPUT_BUFFER_BYTES = 4 * 1024;
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    static final Duration CONFIG_POLL = Duration.ofSeconds(5);
    static final Duration FIRST_SYNC = Duration.ofSeconds(2);

    private final String slug;
    private final Javalin javalin;
    private final BookingStore store;
    private final ConfigSource config;
    private final EventHub hub;
    private final AppMetrics metrics;
    private final AccessGate gate;

    private CalendarApp(String slug, Javalin javalin, BookingStore store, ConfigSource config, EventHub hub, AppMetrics metrics,
                        AccessGate gate) {
        this.slug = slug;
        this.javalin = javalin;
        this.store = store;
        this.config = config;
        this.hub = hub;
        this.metrics = metrics;
        this.gate = gate;
    }

    /**
     * @param redis   where the calendar's keys are; empty: the in-memory demo
     * @param pool    the pool that serves the calendar with others, or empty: the calendar's own app
     * @param metricsRegistry a registry shared with other calendars (a pool's), or empty: a registry of its own
     */
    public static CalendarApp open(String slug, Optional<RedisConnector> redis, AbuseLimits limits, AppThreads threads,
                                   Optional<PoolKeys> pool, Optional<PrometheusMeterRegistry> metricsRegistry) {
        Clock clock = Clock.systemUTC();
        BookingStore store;
        ConfigSource config;
        // the store trims the history to what the config says, and the config is read after the store opens
        AtomicReference<ConfigSource> configHolder = new AtomicReference<>();
        HistoryRetention retention = HistoryRetention.of(configHolder::get, clock);
        if (redis.isEmpty()) {
            LOG.info("REDIS_URL is not set: running the in-memory demo mode (calendar \"{}\", three demo users); "
                    + "bookings are forgotten when the process stops", slug);
            store = new InMemoryBookingStore(retention);
            config = new StaticConfigSource(DemoConfig.forSlug(slug, clock.instant()));
        } else {
            InstanceKeys keys = InstanceKeys.of(slug);
            LOG.info("calendar \"{}\" stores its bookings in Redis at {} under {}", slug, redis.get().address(), keys.prefix());
            RedisBookingStore redisStore = RedisBookingStore.open(redis.get(), keys, FIRST_SYNC, retention);
            RedisConfigSource redisConfig = new RedisConfigSource(redis.get(), keys, CONFIG_POLL, threads.timers());
            redisStore.subscribe(redisConfig);
            store = redisStore;
            config = redisConfig;
            if (config.current().isEmpty()) {
                LOG.warn("calendar \"{}\" has no config at {} yet: answering 503 not-provisioned until it appears",
                        slug, keys.config());
            }
        }
        configHolder.set(config);
        EventHub hub = new EventHub(store, HEARTBEAT, threads.timers());
        Availability availability = new Availability(store, config);
        AppMetrics metrics = metricsRegistry
                .map(shared -> AppMetrics.sharing(shared, slug, hub::connected, store::isAvailable, availability::provisioned))
                .orElseGet(() -> new AppMetrics(slug, hub::connected, store::isAvailable, availability::provisioned));
        metrics.watchSkippedEntries(store::skippedEntries);
        HealthHandler health = new HealthHandler(availability, slug, pool.map(PoolKeys::id), redis.isEmpty(), version(), clock);
        AccessGate gate = new AccessGate(slug, config, limits, clock, threads.timers());
        SessionHandlers sessions = new SessionHandlers(slug, gate, limits, clock);

        Javalin javalin = Javalin.create(cfg -> {
            serverSettings(cfg, threads);
            // a stream left open would keep writing to a stopped server
            cfg.events.serverStopping(hub::closeAll);
            CalendarRoutes.register(cfg.routes, availability, store, hub, health, metrics, clock);
            AccessRoutes.register(cfg.routes, gate, sessions);
        });
        return new CalendarApp(slug, javalin, store, config, hub, metrics, gate);
    }

    /** What every app server of this process is like, a calendar's own or a pool's: limits, buffers, JSON. */
    public static void serverSettings(JavalinConfig cfg, AppThreads threads) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        cfg.http.maxRequestSize = JsonBody.MAX_BYTES;
        cfg.http.prefer405over404 = true;
        cfg.http.asyncTimeout = 0;
        // an open event stream keeps its response buffer: small events, so a small buffer (default 32 KiB)
        cfg.jetty.modifyHttpConfiguration(http -> http.setOutputBufferSize(OUTPUT_BUFFER_BYTES));
        cfg.jetty.modifyServer(ConnectionLimits::install);
        cfg.jsonMapper(new JavalinJackson(ContractJson.MAPPER, false));
        threads.jettyPool().ifPresent(pool -> cfg.jetty.threadPool = pool);
    }

    public String slug() {
        return slug;
    }

    /** The calendar's Javalin, to start on a port of its own. */
    Javalin javalin() {
        return javalin;
    }

    /** The calendar's routes as a servlet, for a server that serves many calendars; its Javalin is never started then. */
    public Servlet servlet() {
        return javalin.javalinServlet();
    }

    /** Open event streams. */
    public int liveStreams() {
        return hub.connected();
    }

    AppMetrics metrics() {
        return metrics;
    }

    /** Stops the calendar's feed reader, timers and streams; the connector stays its owner's. */
    @Override
    public void close() {
        hub.close();
        gate.close();
        config.close();
        store.close();
        metrics.close();
    }

    public static String version() {
        String version = CalendarApp.class.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }
}
