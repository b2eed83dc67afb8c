package dev.cps.calendar.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A JUnit extension for the tests of a running calendar: a real redis-server, the config seeded into
 * it (as the operator seeds it), and the app started on it; stopped in reverse. Registered on a
 * static field it lives for the class, on an instance field for each test. The seeding and the app
 * are the caller's (the test kit knows neither the operator nor the app):
 *
 * <pre>{@code
 * @RegisterExtension
 * final SeededApp<InstanceApp> calendar = SeededApp.of(RedisServer::start,
 *         redis -> Calendars.seed(redis.url(), config),
 *         redis -> InstanceApp.start(new AppSettings(SLUG, Optional.of(redis.url()), 0)));
 * }</pre>
 */
public final class SeededApp<A extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    private final Supplier<RedisServer> redisServer;
    private final Consumer<RedisServer> seed;
    private final Function<RedisServer, A> appOn;
    private RedisServer redis;
    private A app;
    private boolean perClass;

    private SeededApp(Supplier<RedisServer> redisServer, Consumer<RedisServer> seed, Function<RedisServer, A> appOn) {
        this.redisServer = redisServer;
        this.seed = seed;
        this.appOn = appOn;
    }

    public static <A extends AutoCloseable> SeededApp<A> of(Supplier<RedisServer> redisServer, Consumer<RedisServer> seed,
                                                            Function<RedisServer, A> appOn) {
        return new SeededApp<>(redisServer, seed, appOn);
    }

    public RedisServer redis() {
        return redis;
    }

    public A app() {
        return app;
    }

    /** Stops the app now (a test that starts another in its place closes that one itself); Redis stays. */
    public void stopApp() throws Exception {
        if (app != null) {
            A running = app;
            app = null;
            running.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    private void start() {
        redis = redisServer.get();
        try {
            seed.accept(redis);
            app = appOn.apply(redis);
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    private void stop() throws Exception {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            app = null;
            if (redis != null) {
                redis.close();
                redis = null;
            }
        }
    }
}
