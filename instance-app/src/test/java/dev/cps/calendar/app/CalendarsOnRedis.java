package dev.cps.calendar.app;

import dev.cps.calendar.api.InstanceAccess;
import dev.cps.calendar.app.access.AccessFixtures;
import dev.cps.calendar.testing.RedisServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.RedisClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Calendar apps (or pools of them) on one real redis-server for a test class ({@code @RegisterExtension static}): Redis is
 * emptied before each test, and the apps a test started are stopped after it.
 */
public class CalendarsOnRedis implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private RedisServer redis;
    private RedisClient admin;
    private final List<AutoCloseable> apps = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        redis = RedisServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        redis.close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        admin = RedisClient.create(redis.host(), redis.port());
        admin.flushAll();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (AutoCloseable app : apps) {
            app.close();
        }
        apps.clear();
        admin.close();
    }

    /** The redis-server itself: its URL is the admin's. */
    public RedisServer redis() {
        return redis;
    }

    /** Stops {@code app} (a pool, say) after the test, with the calendar apps. */
    public <T extends AutoCloseable> T stopAfterTest(T app) {
        apps.add(app);
        return app;
    }

    /** Redis as its admin: to look at what the app wrote, or to write what the operator writes. */
    public RedisClient admin() {
        return admin;
    }

    /** Provisions calendar {@code slug} of Jack and Bonnie with {@code access} (as the operator does) and starts its app. */
    public InstanceApp start(String slug, InstanceAccess access) {
        AccessFixtures.provision(admin, slug, access);
        return stopAfterTest(InstanceApp.start(new AppSettings(slug, Optional.of(redis.url()), 0)));
    }
}
