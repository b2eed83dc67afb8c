package dev.cps.calendar.app.pool;

import dev.cps.calendar.api.AppEnvironment;
import dev.cps.calendar.api.PoolKeys;
import dev.cps.calendar.app.AppSettings;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How a pool process is set up, from its environment: {@code POOL_ID} ({@code <namespace>.<pool>}),
 * {@code REDIS_URL} (required: the pool's own Redis user), {@code PORT}, {@code METRICS_PORT} and
 * {@code BIND_ADDRESS} as for one calendar ({@link AppSettings}), and what keeps its calendars apart
 * and its memory small:
 *
 * @param idleUnload          a calendar with no open event stream and no request for this long is unloaded
 * @param membersRefresh      how often the members hash is read again (a calendar that joined or left is seen within it)
 * @param requestsPerCalendar requests one calendar may have in progress at once; more are answered 503 with Retry-After
 * @param streamsPerCalendar  event streams one calendar may have open at once
 */
public record PoolSettings(PoolKeys pool, String redisUrl, int port, int metricsPort, Optional<String> bindAddress,
                           Duration idleUnload, Duration membersRefresh, int requestsPerCalendar, int streamsPerCalendar) {

    public static final String IDLE_UNLOAD_SECONDS = "POOL_IDLE_UNLOAD_SECONDS";
    public static final String MEMBERS_REFRESH_MILLIS = "POOL_MEMBERS_REFRESH_MILLIS";
    public static final String REQUESTS_PER_CALENDAR = "POOL_REQUESTS_PER_CALENDAR";
    public static final String STREAMS_PER_CALENDAR = "POOL_STREAMS_PER_CALENDAR";

    public static final Duration DEFAULT_IDLE_UNLOAD = Duration.ofMinutes(5);
    public static final Duration DEFAULT_MEMBERS_REFRESH = Duration.ofSeconds(3);
    public static final int DEFAULT_REQUESTS_PER_CALENDAR = 16;
    public static final int DEFAULT_STREAMS_PER_CALENDAR = 500;

    public PoolSettings {
        if (redisUrl == null || redisUrl.isBlank()) {
            throw new IllegalArgumentException(AppEnvironment.REDIS_URL + " must be set for a pool (" + AppEnvironment.POOL_ID
                    + "): its calendars live in Redis");
        }
        // the ports and the address are checked as one calendar's are
        new AppSettings(AppSettings.DEFAULT_SLUG, Optional.of(redisUrl), port, metricsPort, bindAddress);
        bindAddress = bindAddress == null ? Optional.empty() : bindAddress.map(String::trim).filter(a -> !a.isEmpty());
        if (idleUnload.isNegative() || idleUnload.isZero() || membersRefresh.isNegative() || membersRefresh.isZero()) {
            throw new IllegalArgumentException(IDLE_UNLOAD_SECONDS + " and " + MEMBERS_REFRESH_MILLIS + " must be positive");
        }
        if (requestsPerCalendar < 1 || streamsPerCalendar < 1) {
            throw new IllegalArgumentException(REQUESTS_PER_CALENDAR + " and " + STREAMS_PER_CALENDAR + " must be at least 1");
        }
    }

    /** The defaults, on any free ports: for tests and the local stack. */
    public PoolSettings(PoolKeys pool, String redisUrl) {
        this(pool, redisUrl, 0, 0, Optional.of("127.0.0.1"), DEFAULT_IDLE_UNLOAD, DEFAULT_MEMBERS_REFRESH,
                DEFAULT_REQUESTS_PER_CALENDAR, DEFAULT_STREAMS_PER_CALENDAR);
    }

    public static PoolSettings fromEnvironment(Map<String, String> env) {
        AppSettings app = AppSettings.fromEnvironment(env); // PORT, METRICS_PORT, BIND_ADDRESS, REDIS_URL
        return new PoolSettings(PoolKeys.parseId(env.getOrDefault(AppEnvironment.POOL_ID, "").trim()),
                app.redisUrl().orElse(null), app.port(), app.metricsPort(), app.bindAddress(),
                Duration.ofSeconds(AppSettings.wholeNumber(env, IDLE_UNLOAD_SECONDS, DEFAULT_IDLE_UNLOAD.toSeconds())),
                Duration.ofMillis(AppSettings.wholeNumber(env, MEMBERS_REFRESH_MILLIS, DEFAULT_MEMBERS_REFRESH.toMillis())),
                (int) AppSettings.wholeNumber(env, REQUESTS_PER_CALENDAR, DEFAULT_REQUESTS_PER_CALENDAR),
                (int) AppSettings.wholeNumber(env, STREAMS_PER_CALENDAR, DEFAULT_STREAMS_PER_CALENDAR));
    }

    public PoolSettings withIdleUnload(Duration after) {
        return new PoolSettings(pool, redisUrl, port, metricsPort, bindAddress, after, membersRefresh, requestsPerCalendar,
                streamsPerCalendar);
    }

    public PoolSettings withMembersRefresh(Duration every) {
        return new PoolSettings(pool, redisUrl, port, metricsPort, bindAddress, idleUnload, every, requestsPerCalendar,
                streamsPerCalendar);
    }

    public PoolSettings withPerCalendar(int requests, int streams) {
        return new PoolSettings(pool, redisUrl, port, metricsPort, bindAddress, idleUnload, membersRefresh, requests, streams);
    }
}
