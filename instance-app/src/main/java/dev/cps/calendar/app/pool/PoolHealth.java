package dev.cps.calendar.app.pool;

import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.PoolKeys;
import dev.cps.calendar.app.redis.RedisConnector;
import io.javalin.http.Context;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/health} at a host that is no member's (the kubelet's probe names the pod's
 * address): the pool's own health, {@code {status, pool, redis, members, loaded, version,
 * uptimeSeconds}}; 200 when Redis answers and the members are known. At a member's host the
 * calendar's own health answers instead.
 */
final class PoolHealth {

    private final PoolKeys pool;
    private final RedisConnector redis;
    private final PoolMembers members;
    private final PoolCalendars calendars;
    private final String version;
    private final Instant startedAt = Instant.now();

    PoolHealth(PoolKeys pool, RedisConnector redis, PoolMembers members, PoolCalendars calendars, String version) {
        this.pool = pool;
        this.redis = redis;
        this.members = members;
        this.calendars = calendars;
        this.version = version;
    }

    void get(Context ctx) {
        boolean redisUp = redisAnswers();
        boolean up = redisUp && members.known();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", !redisUp ? "redis-unavailable" : up ? "ok" : "members-unknown");
        body.put("pool", pool.id());
        body.put("redis", redisUp ? "up" : "down");
        body.put("members", members.size());
        body.put("loaded", calendars.size());
        body.put("version", version);
        body.put("uptimeSeconds", Duration.between(startedAt, Instant.now()).toSeconds());
        ctx.status(up ? 200 : 503).contentType("application/json").result(ContractJson.write(body));
    }

    private boolean redisAnswers() {
        try {
            redis.client().ping();
            return true;
        } catch (JedisException e) {
            return false;
        }
    }
}
