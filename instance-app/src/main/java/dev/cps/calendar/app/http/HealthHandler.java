package dev.cps.calendar.app.http;

import io.javalin.http.Context;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/health}: {@code {status, slug, placement, pool?, redis, version, uptimeSeconds}}; 200 when the
 * calendar can serve (storage reachable, config present), 503 otherwise. The operator's probes
 * and its Ready condition read it.
 */
public final class HealthHandler {

    private final Availability availability;
    private final String slug;
    private final Optional<String> pool;
    private final boolean inMemory;
    private final String version;
    private final Clock clock;
    private final Instant startedAt;

    /** @param pool the id of the pool that serves the calendar ({@code placement: Shared}), or empty: its own app */
    public HealthHandler(Availability availability, String slug, Optional<String> pool, boolean inMemory, String version, Clock clock) {
        this.availability = availability;
        this.slug = slug;
        this.pool = pool;
        this.inMemory = inMemory;
        this.version = version;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    public void get(Context ctx) {
        boolean storeUp = availability.storeAvailable();
        boolean provisioned = availability.provisioned();
        boolean full = storeUp && availability.storageFull();
        // full is not down: reads are served, so the calendar stays in service (200), and says why writes fail
        String status = !storeUp ? "redis-unavailable" : !provisioned ? "not-provisioned" : full ? "storage-full" : "ok";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("slug", slug);
        body.put("placement", pool.isPresent() ? "Shared" : "Dedicated");
        pool.ifPresent(id -> body.put("pool", id));
        body.put("redis", inMemory ? "in-memory" : !storeUp ? "down" : full ? "full" : "up");
        availability.configRefused().ifPresent(why -> body.put("config", "the stored config is refused, "
                + (provisioned ? "serving the last good one" : "no good one yet") + ": " + why));
        body.put("version", version);
        body.put("uptimeSeconds", Duration.between(startedAt, clock.instant()).toSeconds());
        ctx.status(storeUp && provisioned ? 200 : 503).json(body);
    }
}
