package dev.cps.calendar.app.redis;

import dev.cps.calendar.api.AppEnvironment;
import dev.cps.calendar.api.RedisUrl;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;

import java.time.Duration;

/**
 * Connections to the instance's Redis, from {@code redis://[user:password@]host:port[/db]}
 * ({@code rediss://} for TLS). Every timeout is short, so a request fails in well under two
 * seconds when Redis is gone instead of hanging: connect and read 1 s, waiting for a pooled
 * connection 0.5 s.
 */
public final class RedisConnector implements AutoCloseable {

    static final int CONNECT_TIMEOUT_MILLIS = 1000;
    static final int READ_TIMEOUT_MILLIS = 1000;
    static final Duration POOL_WAIT = Duration.ofMillis(500);
    /** A blocking read of the change feed waits this long for news before it asks again. */
    static final int FEED_BLOCK_MILLIS = 1000;

    private final HostAndPort address;
    private final JedisClientConfig commandConfig;
    private final JedisClientConfig feedConfig;
    private final RedisClient client;

    private RedisConnector(HostAndPort address, JedisClientConfig commandConfig, JedisClientConfig feedConfig) {
        this.address = address;
        this.commandConfig = commandConfig;
        this.feedConfig = feedConfig;
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(32);
        pool.setMaxIdle(32);
        pool.setMinIdle(0);
        pool.setMaxWait(POOL_WAIT);
        pool.setBlockWhenExhausted(true);
        pool.setJmxEnabled(false);
        this.client = RedisClient.builder().hostAndPort(address).clientConfig(commandConfig).poolConfig(pool).build();
    }

    public static RedisConnector connect(String url, String clientName) {
        RedisUrl redisUrl = RedisUrl.parse(url, AppEnvironment.REDIS_URL);
        HostAndPort address = new HostAndPort(redisUrl.host(), redisUrl.port());
        DefaultJedisClientConfig.Builder base = DefaultJedisClientConfig.builder()
                .resp2()
                .user(redisUrl.user())
                .password(redisUrl.password())
                .database(redisUrl.database())
                .ssl(redisUrl.tls())
                .clientName(clientName)
                // CLIENT SETINFO is refused to a tightly fenced ACL user; the app does not need it
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                .connectionTimeoutMillis(CONNECT_TIMEOUT_MILLIS);
        JedisClientConfig commands = base.socketTimeoutMillis(READ_TIMEOUT_MILLIS).build();
        JedisClientConfig feed = DefaultJedisClientConfig.builder().from(commands)
                .socketTimeoutMillis(FEED_BLOCK_MILLIS + 1500)
                .blockingSocketTimeoutMillis(FEED_BLOCK_MILLIS + 1500)
                .build();
        return new RedisConnector(address, commands, feed);
    }

    /** The pooled client for commands. */
    public RedisClient client() {
        return client;
    }

    /** A connection of its own, for the blocking read of the change feed. */
    Jedis dedicated() {
        return new Jedis(address, feedConfig);
    }

    /** Drops idle pooled connections: after an outage they are dead sockets. */
    void dropIdleConnections() {
        try {
            client.getPool().clear();
        } catch (RuntimeException ignored) {
            // best effort: a dead connection is also noticed, and replaced, when it is used
        }
    }

    /** Whether a failure is Redis not answering in time (slow or frozen), rather than a broken connection. */
    static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    public String address() {
        return address.toString();
    }

    JedisClientConfig commandConfig() {
        return commandConfig;
    }

    @Override
    public void close() {
        client.close();
    }
}
