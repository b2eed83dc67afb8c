package dev.cps.calendar.operator.redis;

import dev.cps.calendar.api.RedisUrl;
import dev.cps.calendar.operator.settings.OperatorSettings;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.time.Duration;
import java.util.function.Function;

/**
 * The operator's admin connection to Redis. Every call fails fast (2 s timeouts) with a
 * {@link RedisUnavailableException} that says what the operator was doing, so a Redis outage
 * becomes a status the user can read and a retry with backoff, never a hung reconcile.
 */
public final class RedisAdmin implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 2000;

    private final JedisPool pool;
    private final String address;

    private RedisAdmin(JedisPool pool, String address) {
        this.pool = pool;
        this.address = address;
    }

    public static RedisAdmin connect(OperatorSettings settings) {
        RedisUrl url = settings.redisUrl();
        var clientConfig = DefaultJedisClientConfig.builder()
                .user(settings.redisUsername().orElse(url.user()))
                .password(settings.redisPassword().orElse(url.password()))
                .database(url.database())
                .ssl(url.tls())
                .clientName("calendar-operator")
                // the admin commands it sends are RESP2; saying so spares a warning per connection
                .protocol(redis.clients.jedis.RedisProtocol.RESP2)
                .connectionTimeoutMillis(TIMEOUT_MILLIS)
                .socketTimeoutMillis(TIMEOUT_MILLIS)
                .build();
        var poolConfig = new JedisPoolConfig();
        // every reconcile thread may need a connection at once (and the restart watch one more): a
        // smaller pool makes a burst of reconciles, e.g. at start, wait and fail for want of one
        poolConfig.setMaxTotal(settings.reconcileThreads() + 2);
        poolConfig.setMaxWait(Duration.ofMillis(TIMEOUT_MILLIS));
        poolConfig.setJmxEnabled(false);
        HostAndPort hostAndPort = new HostAndPort(url.host(), url.port());
        return new RedisAdmin(new JedisPool(poolConfig, hostAndPort, clientConfig), hostAndPort.toString());
    }

    /** Runs {@code action} on a pooled admin connection; {@code doing} completes "Redis is unavailable while ...". */
    public <T> T call(String doing, Function<Jedis, T> action) {
        try (Jedis jedis = pool.getResource()) {
            return action.apply(jedis);
        } catch (JedisConnectionException | JedisAccessControlException e) {
            throw new RedisUnavailableException("Redis at " + address + " is unavailable while " + doing + ": "
                    + rootMessage(e), e);
        }
    }

    public String address() {
        return address;
    }

    @Override
    public void close() {
        pool.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
