package dev.cps.calendar.app.pool;

import dev.cps.calendar.api.PoolKeys;
import dev.cps.calendar.api.Slug;
import dev.cps.calendar.app.redis.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The calendars of the pool, by host: the members hash the operator writes ({@link PoolKeys#members()}),
 * read again every few seconds and kept in memory, so a request costs no Redis call to find its
 * calendar. When Redis cannot be read the last known members stay served.
 */
final class PoolMembers {

    private static final Logger LOG = LoggerFactory.getLogger(PoolMembers.class);

    private final RedisConnector redis;
    private final PoolKeys pool;
    private final Consumer<String> left;
    private volatile Map<String, String> slugByHost = Map.of();
    private volatile boolean readOnce;

    /** @param left told the slug of each calendar that is no longer a member */
    PoolMembers(RedisConnector redis, PoolKeys pool, Consumer<String> left) {
        this.redis = redis;
        this.pool = pool;
        this.left = left;
    }

    /** The calendar served at the request's {@code Host} ({@code name[:port]}), if it is a member. */
    Optional<String> slugAt(String hostHeader) {
        return Optional.ofNullable(slugByHost.get(hostName(hostHeader)));
    }

    int size() {
        return slugByHost.size();
    }

    /** Whether the hash has been read at least once. */
    boolean known() {
        return readOnce;
    }

    /** Reads the hash now; answers whether it could. */
    boolean refresh() {
        Map<String, String> stored;
        try {
            stored = redis.client().hgetAll(pool.members());
        } catch (JedisException e) {
            LOG.warn("cannot read the members of pool {} ({}): serving the last known {}", pool.id(), e.getMessage(), size());
            return false;
        }
        Map<String, String> fresh = new HashMap<>();
        stored.forEach((host, slug) -> {
            if (Slug.isValid(slug)) {
                fresh.put(hostName(host), slug);
            } else {
                LOG.warn("pool {}: member host {} names no valid calendar ({}); not served", pool.id(), host, slug);
            }
        });
        Set<String> gone = new HashSet<>(slugByHost.values());
        gone.removeAll(fresh.values());
        if (!fresh.equals(slugByHost)) {
            LOG.info("pool {}: {} member calendar(s)", pool.id(), fresh.size());
        }
        slugByHost = Map.copyOf(fresh);
        readOnce = true;
        gone.forEach(left);
        return true;
    }

    /** The host name of a {@code Host} header, without its port, in lower case. */
    static String hostName(String hostHeader) {
        if (hostHeader == null) {
            return "";
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }
}
