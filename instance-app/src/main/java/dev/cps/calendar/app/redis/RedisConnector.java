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
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Connections to the instance's Redis, from {@code redis://[user:password@]host:port[/db]}
 * ({@code rediss://} for TLS), or a Redis Cluster's {@code redis-cluster://[user:password@]host:port,...}
 * ({@code rediss-cluster://}). All of an instance's keys share one hash tag, so on a cluster they
 * live on one primary: the scripts run there, and the change feed is followed on a connection to it.
 * Every timeout is short, so a request fails in well under two seconds when Redis is gone instead
 * of hanging: connect and read 1 s, waiting for a pooled connection 0.5 s; on a cluster, redirects
 * and retries end after {@link #CLUSTER_RETRIES_WITHIN}.
 */
public final class RedisConnector implements AutoCloseable {

    static final int CONNECT_TIMEOUT_MILLIS = 1000;
    static final int READ_TIMEOUT_MILLIS = 1000;
    static final Duration POOL_WAIT = Duration.ofMillis(500);
    /** A blocking read of the change feed waits this long for news before it asks again. */
    static final int FEED_BLOCK_MILLIS = 1000;
    /** A cluster command follows MOVED/ASK and retries a broken connection for at most this long. */
    static final Duration CLUSTER_RETRIES_WITHIN = Duration.ofMillis(1500);

    private final RedisUrl url;
    private final JedisClientConfig commandConfig;
    private final JedisClientConfig feedConfig;
    private final UnifiedJedis client;
    /** The cluster's slot map, null for one server. */
    private final ClusterConnectionProvider cluster;

    private RedisConnector(RedisUrl url, JedisClientConfig commandConfig, JedisClientConfig feedConfig) {
        this.url = url;
        this.commandConfig = commandConfig;
        this.feedConfig = feedConfig;
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(32);
        pool.setMaxIdle(32);
        pool.setMinIdle(0);
        pool.setMaxWait(POOL_WAIT);
        pool.setBlockWhenExhausted(true);
        pool.setJmxEnabled(false);
        if (url.cluster()) {
            // start without the slot map when no seed node answers yet (it is read again at the
            // first command), so the app starts and answers 503 as it does when one server is down
            System.setProperty(RedisClusterClient.INIT_NO_ERROR_PROPERTY, "true");
            Set<HostAndPort> seeds = new LinkedHashSet<>();
            url.nodes().forEach(node -> seeds.add(new HostAndPort(node.host(), node.port())));
            this.cluster = new ClusterConnectionProvider(seeds, commandConfig, pool);
            this.client = RedisClusterClient.builder().nodes(seeds).clientConfig(commandConfig).poolConfig(pool)
                    .connectionProvider(cluster).maxAttempts(3).maxTotalRetriesDuration(CLUSTER_RETRIES_WITHIN).build();
        } else {
            this.cluster = null;
            this.client = RedisClient.builder().hostAndPort(new HostAndPort(url.host(), url.port()))
                    .clientConfig(commandConfig).poolConfig(pool).build();
        }
    }

    /** @throws IllegalArgumentException a URL that is not one */
    public static RedisConnector connect(String url, String clientName) {
        RedisUrl redisUrl = RedisUrl.parse(url, AppEnvironment.REDIS_URL);
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
        return new RedisConnector(redisUrl, commands, feed);
    }

    /** The pooled client for commands; on a cluster it sends each command to the primary of its keys' slot. */
    public UnifiedJedis client() {
        return client;
    }

    /**
     * A connection of its own to the server that holds {@code key}, for the blocking read of the
     * change feed. On a cluster the slot map is asked afresh, so a connection opened after a
     * failover (or a MOVED answer) goes to the new primary.
     */
    Jedis dedicated(String key) {
        return new Jedis(serverOf(key), feedConfig);
    }

    private HostAndPort serverOf(String key) {
        if (cluster == null) {
            return new HostAndPort(url.host(), url.port());
        }
        cluster.renewSlotCache();
        HostAndPort primary = cluster.getNode(JedisClusterCRC16.getSlot(key));
        if (primary == null) {
            throw new redis.clients.jedis.exceptions.JedisConnectionException("no node of the Redis Cluster at "
                    + url.hostPort() + " serves the slot of " + key + " yet");
        }
        return primary;
    }

    /** Drops idle pooled connections: after an outage they are dead sockets (on a cluster, the slot map is stale too). */
    void dropIdleConnections() {
        try {
            if (cluster == null) {
                ((RedisClient) client).getPool().clear();
            } else {
                cluster.renewSlotCache();
            }
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

    /** {@code host:port}, or a cluster's seed nodes {@code host:port,host:port}. */
    public String address() {
        return url.hostPort();
    }

    JedisClientConfig commandConfig() {
        return commandConfig;
    }

    @Override
    public void close() {
        client.close();
    }
}
