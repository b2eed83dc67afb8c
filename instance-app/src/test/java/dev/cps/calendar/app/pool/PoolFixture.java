package dev.cps.calendar.app.pool;

import dev.cps.calendar.api.InstanceAccess;
import dev.cps.calendar.api.PoolKeys;
import dev.cps.calendar.app.CalendarsOnRedis;
import dev.cps.calendar.app.TestHttp;
import dev.cps.calendar.app.access.AbuseLimits;
import dev.cps.calendar.app.access.AccessFixtures;

import java.time.Duration;

/**
 * A pool on a real redis-server ({@link CalendarsOnRedis}: emptied before each test, the pools a test
 * started stopped after it), seeded as the operator seeds it: each member's config under its own prefix
 * and its host in the pool's members hash.
 */
final class PoolFixture extends CalendarsOnRedis {

    static final PoolKeys POOL = PoolKeys.of("team", "shared");

    /** What the operator does when {@code slug} joins the pool at {@code host}: its config, then its host in the members hash. */
    void join(String slug, String host, InstanceAccess access) {
        AccessFixtures.provision(admin(), slug, access);
        admin().hset(POOL.members(), host, slug);
    }

    void leave(String host) {
        admin().hdel(POOL.members(), host);
    }

    /** Members are re-read every 200 ms here, so a test sees a join or a leave quickly. */
    PoolSettings settings() {
        return new PoolSettings(POOL, redis().url()).withMembersRefresh(Duration.ofMillis(200));
    }

    PoolApp start(PoolSettings settings) {
        return stopAfterTest(PoolApp.start(settings, AbuseLimits.DEFAULT));
    }

    PoolApp start() {
        return start(settings());
    }

    /** A client of the pool that names {@code host}, as a browser at that host would. */
    static TestHttp at(PoolApp pool, String host) {
        return new TestHttp(pool.port(), host + ":" + pool.port());
    }
}
