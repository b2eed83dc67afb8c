package dev.cps.calendar.app;

import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.InstanceKeys;
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
import dev.cps.calendar.app.metrics.MetricsServer;
import dev.cps.calendar.app.redis.RedisBookingStore;
import dev.cps.calendar.app.redis.RedisConfigSource;
import dev.cps.calendar.app.redis.RedisConnector;
import dev.cps.calendar.app.store.BookingStore;
import dev.cps.calendar.app.store.InMemoryBookingStore;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The calendar app of one instance. Assembles storage (Redis, or memory for the demo), config,
 * live events, the HTTP API and the static page, and serves them on one port; {@code /metrics} on
 * another, private one.
 *
 * <pre>{@code
 * try (InstanceApp app = InstanceApp.start(new AppSettings("demo", Optional.empty(), 0))) {
 *     URI base = URI.create("http://localhost:" + app.port());
 * }
 * }</pre>
 */
public final class InstanceApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceApp.class);
    static final int OUTPUT_BUFFER_BYTES = 4 * 1024;
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    static final Duration CONFIG_POLL = Duration.ofSeconds(5);
    static final Duration FIRST_SYNC = Duration.ofSeconds(2);

    private final Javalin javalin;
    private final BookingStore store;
    private final ConfigSource config;
    private final EventHub hub;
    private final AppMetrics metrics;
    private final RedisConnector redis;
    private MetricsServer metricsServer;
    private final AccessGate gate;
    private final AppThreads threads;

    private InstanceApp(Javalin javalin, BookingStore store, ConfigSource config, EventHub hub, AppMetrics metrics,
                        RedisConnector redis, AccessGate gate, AppThreads threads) {
        this.javalin = javalin;
        this.store = store;
        this.config = config;
        this.hub = hub;
        this.metrics = metrics;
        this.redis = redis;
        this.gate = gate;
        this.threads = threads;
    }

    public static InstanceApp start(AppSettings settings) {
        return start(settings, AbuseLimits.DEFAULT);
    }

    public static InstanceApp start(AppSettings settings, AbuseLimits limits) {
        return start(settings, limits, AppThreads.own());
    }

    /** @param threads the app's own ({@link AppThreads#own()}) or ones it shares with other apps of this process */
    public static InstanceApp start(AppSettings settings, AbuseLimits limits, AppThreads threads) {
        Clock clock = Clock.systemUTC();
        String version = version();
        RedisConnector redis = null;
        BookingStore store;
        ConfigSource config;
        // the store trims the history to what the config says, and the config is read after the store opens
        AtomicReference<ConfigSource> configHolder = new AtomicReference<>();
        HistoryRetention retention = HistoryRetention.of(configHolder::get, clock);
        if (settings.inMemory()) {
            LOG.info("REDIS_URL is not set: running the in-memory demo mode (calendar \"{}\", three demo users); "
                    + "bookings are forgotten when the process stops", settings.slug());
            store = new InMemoryBookingStore(retention);
            config = new StaticConfigSource(DemoConfig.forSlug(settings.slug(), clock.instant()));
        } else {
            InstanceKeys keys = InstanceKeys.of(settings.slug());
            redis = RedisConnector.connect(settings.redisUrl().orElseThrow(), "calendar-" + settings.slug());
            LOG.info("calendar \"{}\" stores its bookings in Redis at {} under {}", settings.slug(), redis.address(), keys.prefix());
            RedisBookingStore redisStore = RedisBookingStore.open(redis, keys, FIRST_SYNC, retention);
            RedisConfigSource redisConfig = new RedisConfigSource(redis, keys, CONFIG_POLL, threads.timers());
            redisStore.subscribe(redisConfig);
            store = redisStore;
            config = redisConfig;
            if (config.current().isEmpty()) {
                LOG.warn("calendar \"{}\" has no config at {} yet: answering 503 not-provisioned until it appears",
                        settings.slug(), keys.config());
            }
        }
        configHolder.set(config);
        EventHub hub = new EventHub(store, HEARTBEAT, threads.timers());
        Availability availability = new Availability(store, config);
        AppMetrics metrics = new AppMetrics(settings.slug(), hub::connected, store::isAvailable, availability::provisioned);
        metrics.watchSkippedEntries(store::skippedEntries);
        HealthHandler health = new HealthHandler(availability, settings.slug(), settings.inMemory(), version, clock);
        BookingStore routedStore = store;
        AccessGate gate = new AccessGate(settings.slug(), config, limits, clock, threads.timers());
        SessionHandlers sessions = new SessionHandlers(settings.slug(), gate, limits, clock);

        Javalin javalin = Javalin.create(cfg -> {
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
            // a stream left open would keep writing to a stopped server
            cfg.events.serverStopping(hub::closeAll);
            CalendarRoutes.register(cfg.routes, availability, routedStore, hub, health, metrics, clock);
            AccessRoutes.register(cfg.routes, gate, sessions);
        });
        InstanceApp app = new InstanceApp(javalin, store, config, hub, metrics, redis, gate, threads);
        try {
            if (settings.bindAddress().isPresent()) {
                javalin.start(settings.bindAddress().get(), settings.port());
            } else {
                javalin.start(settings.port());
            }
            app.metricsServer = MetricsServer.start(settings.bindAddress(), settings.metricsPort(), metrics);
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        LOG.info("calendar \"{}\" (version {}) listening on http://localhost:{}/, metrics on port {}", settings.slug(), version,
                javalin.port(), app.metricsPort());
        return app;
    }

    public int port() {
        return javalin.port();
    }

    /** The private port of {@code /metrics}. */
    public int metricsPort() {
        return metricsServer.port();
    }

    @Override
    public void close() {
        try {
            if (metricsServer != null) {
                metricsServer.close();
            }
            javalin.stop();
        } finally {
            hub.close();
            gate.close();
            config.close();
            store.close();
            metrics.close();
            if (redis != null) {
                redis.close();
            }
            threads.release();
        }
    }

    public static void main(String[] args) {
        InstanceApp app = start(AppSettings.fromEnvironment(System.getenv()), AbuseLimits.fromEnvironment(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "shutdown"));
    }

    private static String version() {
        String version = InstanceApp.class.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }
}
