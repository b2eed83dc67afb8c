package dev.cps.calendar.app.pool;

import dev.cps.calendar.app.AppProcess;
import dev.cps.calendar.app.AppThreads;
import dev.cps.calendar.app.CalendarApp;
import dev.cps.calendar.app.access.AbuseLimits;
import dev.cps.calendar.app.http.ApiError;
import dev.cps.calendar.app.http.ErrorResponses;
import dev.cps.calendar.app.metrics.MetricsServer;
import dev.cps.calendar.app.redis.RedisConnector;
import io.javalin.Javalin;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The pool process: one server, on one port, for every calendar of a pool of Shared calendars,
 * chosen by the request's {@code Host} ({@link PoolMembers}, {@link HostDispatch}). Each calendar
 * keeps its own routes, config, access, streams and metrics series ({@link CalendarApp}); all share
 * the pool's threads and its one Redis connector, and are loaded on first use and unloaded when idle
 * ({@link PoolCalendars}).
 */
public final class PoolApp implements AppProcess {

    private static final Logger LOG = LoggerFactory.getLogger(PoolApp.class);

    private final PoolSettings settings;
    private final RedisConnector redis;
    private final AppThreads threads;
    private final ScheduledExecutorService housekeeping;
    private final PoolMetrics metrics;
    private final PoolCalendars calendars;
    private final PoolMembers members;
    private Javalin javalin;
    private MetricsServer metricsServer;

    private PoolApp(PoolSettings settings, AbuseLimits limits, RedisConnector redis, AppThreads threads) {
        this.settings = settings;
        this.redis = redis;
        this.threads = threads;
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pool-" + settings.pool().id() + "-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        this.calendars = new PoolCalendars(slug -> CalendarApp.open(slug, Optional.of(redis), limits, threads,
                Optional.of(settings.pool()), Optional.of(metrics().registry())));
        this.members = new PoolMembers(redis, settings.pool(), calendars::unload);
        this.metrics = new PoolMetrics(settings.pool().id(), members::size, calendars::size);
    }

    private PoolMetrics metrics() {
        return metrics;
    }

    public static PoolApp start(PoolSettings settings, AbuseLimits limits) {
        return start(settings, limits, AppThreads.own());
    }

    /** @param threads the process's own, or ones shared with other apps of this process (the local stack) */
    public static PoolApp start(PoolSettings settings, AbuseLimits limits, AppThreads threads) {
        RedisConnector redis = RedisConnector.connect(settings.redisUrl(), "pool-" + settings.pool().id());
        PoolApp app = new PoolApp(settings, limits, redis, threads);
        try {
            app.members.refresh();
            long refresh = settings.membersRefresh().toMillis();
            app.housekeeping.scheduleWithFixedDelay(app.members::refresh, refresh, refresh, TimeUnit.MILLISECONDS);
            long sweep = Math.max(200, Math.min(settings.idleUnload().toMillis() / 4, 10_000));
            app.housekeeping.scheduleWithFixedDelay(() -> app.calendars.unloadIdle(settings.idleUnload()), sweep, sweep,
                    TimeUnit.MILLISECONDS);
            app.javalin = Javalin.create(cfg -> {
                CalendarApp.serverSettings(cfg, threads);
                // open event streams would keep writing to a stopped server
                cfg.events.serverStopping(app.calendars::close);
                HostDispatch dispatch = new HostDispatch(app.members, app.calendars, settings);
                cfg.jetty.modifyServletContextHandler(context -> {
                    FilterHolder holder = new FilterHolder(dispatch);
                    holder.setAsyncSupported(true); // a calendar's event stream is asynchronous
                    context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
                });
                PoolHealth health = new PoolHealth(settings.pool(), redis, app.members, app.calendars, CalendarApp.version());
                cfg.routes.get("/api/health", health::get);
                cfg.routes.head("/api/health", health::get);
                cfg.routes.before(ctx -> {
                    if (!ctx.path().equals("/api/health")) {
                        throw ApiError.notFound("no calendar is served at " + PoolMembers.hostName(ctx.header("Host")));
                    }
                });
                ErrorResponses.register(cfg.routes);
            });
            if (settings.bindAddress().isPresent()) {
                app.javalin.start(settings.bindAddress().get(), settings.port());
            } else {
                app.javalin.start(settings.port());
            }
            app.metricsServer = MetricsServer.start(settings.bindAddress(), settings.metricsPort(), app.metrics::scrape);
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        LOG.info("pool {} of {} calendar(s) listening on http://localhost:{}/, metrics on port {}", settings.pool().id(),
                app.members.size(), app.port(), app.metricsPort());
        return app;
    }

    @Override
    public int port() {
        return javalin.port();
    }

    @Override
    public int metricsPort() {
        return metricsServer.port();
    }

    /** Calendars loaded now. */
    public int loadedCalendars() {
        return calendars.size();
    }

    public boolean isLoaded(String slug) {
        return calendars.isLoaded(slug);
    }

    @Override
    public void close() {
        try {
            housekeeping.shutdownNow();
            if (metricsServer != null) {
                metricsServer.close();
            }
            if (javalin != null) {
                javalin.stop();
            }
        } finally {
            calendars.close();
            metrics.close();
            redis.close();
            threads.release();
        }
    }
}
