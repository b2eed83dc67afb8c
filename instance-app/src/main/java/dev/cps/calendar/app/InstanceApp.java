package dev.cps.calendar.app;

import dev.cps.calendar.app.access.AbuseLimits;
import dev.cps.calendar.app.metrics.MetricsServer;
import dev.cps.calendar.app.redis.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The calendar app of one instance: its {@link CalendarApp} (storage, config, live events, the
 * HTTP API and the static page) on one port of its own; {@code /metrics} on another, private one.
 *
 * <pre>{@code
 * try (InstanceApp app = InstanceApp.start(new AppSettings("demo", Optional.empty(), 0))) {
 *     URI base = URI.create("http://localhost:" + app.port());
 * }
 * }</pre>
 */
public final class InstanceApp implements AppProcess {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceApp.class);

    private final CalendarApp calendar;
    private final RedisConnector redis;
    private final AppThreads threads;
    private MetricsServer metricsServer;

    private InstanceApp(CalendarApp calendar, RedisConnector redis, AppThreads threads) {
        this.calendar = calendar;
        this.redis = redis;
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
        RedisConnector redis = settings.redisUrl()
                .map(url -> RedisConnector.connect(url, "calendar-" + settings.slug())).orElse(null);
        CalendarApp calendar;
        try {
            calendar = CalendarApp.open(settings.slug(), Optional.ofNullable(redis), limits, threads, Optional.empty(), Optional.empty());
        } catch (RuntimeException e) {
            if (redis != null) {
                redis.close();
            }
            throw e;
        }
        InstanceApp app = new InstanceApp(calendar, redis, threads);
        try {
            if (settings.bindAddress().isPresent()) {
                calendar.javalin().start(settings.bindAddress().get(), settings.port());
            } else {
                calendar.javalin().start(settings.port());
            }
            app.metricsServer = MetricsServer.start(settings.bindAddress(), settings.metricsPort(), calendar.metrics()::scrape);
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        LOG.info("calendar \"{}\" (version {}) listening on http://localhost:{}/, metrics on port {}", settings.slug(),
                CalendarApp.version(), app.port(), app.metricsPort());
        return app;
    }

    @Override
    public int port() {
        return calendar.javalin().port();
    }

    /** The private port of {@code /metrics}. */
    @Override
    public int metricsPort() {
        return metricsServer.port();
    }

    @Override
    public void close() {
        try {
            if (metricsServer != null) {
                metricsServer.close();
            }
            calendar.javalin().stop();
        } finally {
            calendar.close();
            if (redis != null) {
                redis.close();
            }
            threads.release();
        }
    }

    public static void main(String[] args) {
        AppProcess app = AppProcess.start(System.getenv(), AppThreads.own());
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "shutdown"));
    }
}
