package dev.cps.calendar.app.pool;

import dev.cps.calendar.api.InstanceAccess;
import dev.cps.calendar.api.PoolKeys;
import dev.cps.calendar.app.TestHttp;
import dev.cps.calendar.app.access.AbuseLimits;
import dev.cps.calendar.app.access.AccessFixtures;
import dev.cps.calendar.testing.RedisServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A pool on a real redis-server, seeded as the operator seeds it: each member's config under its own
 * prefix and its host in the pool's members hash. Redis is emptied before each test, and the pools a
 * test started are stopped after it.
 */
final class PoolFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    static final PoolKeys POOL = PoolKeys.of("team", "shared");

    private RedisServer redis;
    private RedisClient admin;
    private final List<PoolApp> pools = new ArrayList<>();

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
    public void afterEach(ExtensionContext context) {
        pools.forEach(PoolApp::close);
        pools.clear();
        admin.close();
    }

    RedisClient admin() {
        return admin;
    }

    RedisServer redis() {
        return redis;
    }

    /** What the operator does when {@code slug} joins the pool at {@code host}: its config, then its host in the members hash. */
    void join(String slug, String host, InstanceAccess access) {
        AccessFixtures.provision(admin, slug, access);
        admin.hset(POOL.members(), host, slug);
    }

    void leave(String host) {
        admin.hdel(POOL.members(), host);
    }

    /** Members are re-read every 200 ms here, so a test sees a join or a leave quickly. */
    PoolSettings settings() {
        return new PoolSettings(POOL, redis.url()).withMembersRefresh(Duration.ofMillis(200));
    }

    PoolApp start(PoolSettings settings) {
        PoolApp pool = PoolApp.start(settings, AbuseLimits.DEFAULT);
        pools.add(pool);
        return pool;
    }

    PoolApp start() {
        return start(settings());
    }

    /** A client of the pool that names {@code host}, as a browser at that host would. */
    static TestHttp at(PoolApp pool, String host) {
        return new TestHttp(pool.port(), host + ":" + pool.port());
    }
}
