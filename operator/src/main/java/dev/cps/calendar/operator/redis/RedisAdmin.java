package dev.cps.calendar.operator.redis;

import dev.cps.calendar.api.RedisUrl;
import dev.cps.calendar.operator.settings.OperatorSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisMovedDataException;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The operator's admin connection to Redis: one server, or a Redis Cluster. Keyed work goes to the
 * server that holds the key ({@link #callFor}: on a cluster the primary of the key's slot, which holds
 * all of an instance's keys, as they share one hash tag); ACL work goes to every server
 * ({@link #callOnEveryNode}: a cluster does not replicate ACL users, so each primary and each replica
 * needs them). Every call fails fast (2 s timeouts) with a {@link RedisUnavailableException} that says
 * what the operator was doing, so a Redis outage becomes a status the user can read and a retry with
 * backoff, never a hung reconcile.
 */
public final class RedisAdmin implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisAdmin.class);
    private static final int TIMEOUT_MILLIS = 2000;
    /** How long a write that must survive a failover waits for a replica to confirm it. */
    static final Duration REPLICATION_WAIT = Duration.ofSeconds(1);

    /** One server; null on a cluster. */
    private final JedisPool pool;
    /** A cluster's slot map and a pool per node, made at first use; null for one server. */
    private final ClusterMap cluster;
    private final String address;

    private RedisAdmin(JedisPool pool, ClusterMap cluster, String address) {
        this.pool = pool;
        this.cluster = cluster;
        this.address = address;
    }

    /**
     * The cluster's slot map, read from the seed nodes when first needed (and again until that
     * works), so an operator that starts while the cluster is down starts anyway and reports it.
     */
    private static final class ClusterMap {
        private final Set<HostAndPort> seeds;
        private final JedisClientConfig clientConfig;
        private final ConnectionPoolConfig poolConfig;
        private ClusterConnectionProvider provider;

        ClusterMap(Set<HostAndPort> seeds, JedisClientConfig clientConfig, ConnectionPoolConfig poolConfig) {
            this.seeds = seeds;
            this.clientConfig = clientConfig;
            this.poolConfig = poolConfig;
        }

        synchronized ClusterConnectionProvider provider() {
            if (provider == null) {
                provider = new ClusterConnectionProvider(seeds, clientConfig, poolConfig);
            }
            return provider;
        }

        synchronized void close() {
            if (provider != null) {
                provider.close();
            }
        }
    }

    public static RedisAdmin connect(OperatorSettings settings) {
        RedisUrl url = settings.redisUrl();
        JedisClientConfig clientConfig = DefaultJedisClientConfig.builder()
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
        // every reconcile thread may need a connection at once (and the restart watch one more): a
        // smaller pool makes a burst of reconciles, e.g. at start, wait and fail for want of one
        int connections = settings.reconcileThreads() + 2;
        if (url.cluster()) {
            ConnectionPoolConfig poolConfig = new ConnectionPoolConfig();
            poolConfig.setMaxTotal(connections);
            poolConfig.setMaxWait(Duration.ofMillis(TIMEOUT_MILLIS));
            poolConfig.setJmxEnabled(false);
            Set<HostAndPort> seeds = new LinkedHashSet<>();
            url.nodes().forEach(node -> seeds.add(new HostAndPort(node.host(), node.port())));
            return new RedisAdmin(null, new ClusterMap(seeds, clientConfig, poolConfig), url.hostPort());
        }
        var poolConfig = new JedisPoolConfig();
        poolConfig.setMaxTotal(connections);
        poolConfig.setMaxWait(Duration.ofMillis(TIMEOUT_MILLIS));
        poolConfig.setJmxEnabled(false);
        HostAndPort hostAndPort = new HostAndPort(url.host(), url.port());
        return new RedisAdmin(new JedisPool(poolConfig, hostAndPort, clientConfig), null, hostAndPort.toString());
    }

    /**
     * Runs {@code action} on a pooled admin connection to the server that holds {@code key} (on a
     * cluster, the primary of its slot; a slot that moved is looked up again once). The action may
     * touch only keys of the same slot: for an instance, any key under its prefix.
     *
     * @param doing completes "Redis is unavailable while ..."
     */
    public <T> T callFor(String key, String doing, Function<Jedis, T> action) {
        if (cluster == null) {
            try (Jedis jedis = pool.getResource()) {
                return action.apply(jedis);
            } catch (JedisConnectionException | JedisAccessControlException e) {
                throw unavailable(address, doing, e);
            }
        }
        int slot = JedisClusterCRC16.getSlot(key);
        for (int attempt = 1; ; attempt++) {
            try (Jedis jedis = new Jedis(provider(doing).getConnectionFromSlot(slot))) {
                return action.apply(jedis);
            } catch (JedisMovedDataException moved) {
                // a failover or a resharding moved the slot since the map was read
                renewSlotMap();
                if (attempt == 2) {
                    throw unavailable(address, doing, moved);
                }
            } catch (JedisConnectionException | JedisAccessControlException | JedisClusterOperationException e) {
                renewSlotMap();
                throw unavailable(address, doing, e);
            }
        }
    }

    /**
     * Runs {@code action} on every server: the one, or each primary and replica of a cluster as the
     * cluster lists them now (so a node added since the last call is included; one the cluster marks
     * failed is left out, and gets its turn when it is back, see {@link RedisRestartWatch}). Tries every
     * node even when one fails, then reports the failure.
     *
     * @return each node's ({@code host:port}) answer, in the cluster's order
     */
    public <T> Map<String, T> callOnEveryNode(String doing, Function<Jedis, T> action) {
        if (cluster == null) {
            return java.util.Collections.singletonMap(address, callFor("", doing, action));
        }
        Map<String, T> answers = new LinkedHashMap<>();
        RedisUnavailableException failure = null;
        for (HostAndPort node : nodes(doing)) {
            try (Jedis jedis = new Jedis(provider(doing).getConnection(node))) {
                answers.put(node.toString(), action.apply(jedis));
            } catch (JedisConnectionException | JedisAccessControlException e) {
                failure = unavailable(node.toString(), doing, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return answers;
    }

    /** The cluster's nodes that are not marked failed, from {@code CLUSTER NODES} of any node that answers. */
    private List<HostAndPort> nodes(String doing) {
        String listing;
        try (Jedis any = new Jedis(provider(doing).getConnection())) {
            listing = any.clusterNodes();
        } catch (JedisException e) {
            renewSlotMap();
            throw unavailable(address, doing, e);
        }
        List<HostAndPort> nodes = new ArrayList<>();
        for (String line : listing.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 3) {
                continue;
            }
            String flags = fields[2];
            String hostPort = fields[1].split("[@,]")[0];
            int colon = hostPort.lastIndexOf(':');
            boolean gone = flags.contains("noaddr") || flags.contains("handshake")
                    || List.of(flags.split(",")).contains("fail");
            if (gone || colon <= 0) {
                continue;
            }
            nodes.add(new HostAndPort(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))));
        }
        return nodes;
    }

    /**
     * On a cluster, waits up to {@link #REPLICATION_WAIT} until a replica has what {@code jedis} wrote
     * ({@code WAIT 1}), so that a failover right after does not lose it. Replication stays asynchronous:
     * when no replica confirms in time the write stands on the primary (Redis cannot take it back), and
     * this is logged.
     */
    public void awaitReplicated(Jedis jedis, String what) {
        if (cluster == null) {
            return;
        }
        long confirmed = jedis.waitReplicas(1, REPLICATION_WAIT.toMillis());
        if (confirmed < 1) {
            log.warn("{} is written on its primary, but no replica confirmed it within {} ms: a failover now would lose it "
                    + "(the next reconcile writes it again)", what, REPLICATION_WAIT.toMillis());
        }
    }

    /** {@code host:port}, or a cluster's seed nodes. */
    public String address() {
        return address;
    }

    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
        } else {
            pool.close();
        }
    }

    private ClusterConnectionProvider provider(String doing) {
        try {
            return cluster.provider();
        } catch (JedisException e) {
            throw new RedisUnavailableException("no seed node of the Redis Cluster at " + address + " answered while " + doing
                    + ": " + rootMessage(e), e);
        }
    }

    private void renewSlotMap() {
        try {
            cluster.provider().renewSlotCache();
        } catch (RuntimeException stillDown) {
            // the next call tries again
        }
    }

    private static RedisUnavailableException unavailable(String where, String doing, JedisException e) {
        return new RedisUnavailableException("Redis at " + where + " is unavailable while " + doing + ": " + rootMessage(e), e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
