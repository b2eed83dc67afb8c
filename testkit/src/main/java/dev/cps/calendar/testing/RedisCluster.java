package dev.cps.calendar.testing;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster for tests: six {@code redis-server --cluster-enabled yes} processes on loopback
 * (three primaries, each with one replica), joined by {@code redis-cli --cluster create}. ACLs are on
 * as in production: the {@code default} user is off and an {@code admin} user has every right (the
 * replicas replicate as it). A node times out after {@link #NODE_TIMEOUT}, so a killed primary's
 * replica takes over within a few seconds. Each node is a {@link RedisServer} in its own directory,
 * so {@link RedisServer#stopLeftovers()} also stops the nodes of a killed JVM.
 *
 * <pre>{@code
 * try (RedisCluster cluster = RedisCluster.start()) {
 *     String url = cluster.url();   // redis-cluster://admin:PASSWORD@127.0.0.1:P1,127.0.0.1:P2,...
 *     RedisServer killed = cluster.killPrimaryOf("instance:{acme}:changes");
 *     cluster.awaitHealthy();       // a replica was promoted
 * }
 * }</pre>
 */
public final class RedisCluster implements AutoCloseable {

    public static final String ADMIN_USER = "admin";
    public static final Duration NODE_TIMEOUT = Duration.ofMillis(1000);
    private static final int NODES = 6;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final String adminPassword;
    private final List<RedisServer> nodes;

    private RedisCluster(String adminPassword, List<RedisServer> nodes) {
        this.adminPassword = adminPassword;
        this.nodes = new java.util.concurrent.CopyOnWriteArrayList<>(nodes);
    }

    public static boolean isAvailable() {
        return RedisServer.isAvailable() && run(List.of("redis-cli", "--version"), Duration.ofSeconds(5)).isPresent();
    }

    /** Starts six nodes and joins them into a cluster whose slots are all served; about two seconds. */
    public static RedisCluster start() {
        String password = "cluster-admin-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < NODES; i++) {
                nodes.add(RedisServer.startNode("redis-cluster-node-", nodeOptions(password, RedisServer.freePort())));
            }
            RedisCluster cluster = new RedisCluster(password, nodes);
            cluster.create();
            cluster.awaitHealthy();
            return cluster;
        } catch (RuntimeException | IOException e) {
            nodes.forEach(RedisServer::close);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** @param busPort where the nodes talk to each other (not the client port + 10000, which may not exist) */
    private static List<String> nodeOptions(String password, int busPort) {
        return List.of(
                "--cluster-enabled", "yes",
                "--cluster-port", String.valueOf(busPort),
                "--cluster-node-timeout", String.valueOf(NODE_TIMEOUT.toMillis()),
                // nodes.conf is relative to --dir, the node's own directory
                "--cluster-config-file", "nodes.conf",
                "--user", "default", "off",
                "--user", ADMIN_USER, "on", ">" + password, "~*", "&*", "+@all",
                "--masteruser", ADMIN_USER,
                "--masterauth", password);
    }

    private void create() {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--user", ADMIN_USER, "--pass", adminPassword,
                "--no-auth-warning", "--cluster", "create"));
        nodes.forEach(node -> command.add(node.host() + ":" + node.port()));
        command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        String output = run(command, START_TIMEOUT)
                .orElseThrow(() -> new IllegalStateException("redis-cli --cluster create did not finish (is redis-cli installed? "
                        + "apt-get install redis-tools)"));
        if (!output.contains("[OK] All 16384 slots covered")) {
            throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
        }
    }

    /**
     * Starts a seventh (eighth, ...) node and joins it to the cluster ({@code CLUSTER MEET}) as a
     * primary without slots, as an operator of the cluster adds one before resharding; returns when
     * every node knows it.
     */
    public RedisServer addNode() {
        RedisServer added;
        int busPort;
        try {
            busPort = RedisServer.freePort();
            added = RedisServer.startNode("redis-cluster-node-", nodeOptions(adminPassword, busPort));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        nodes.add(added);
        try (Jedis first = adminOn(running().get(0))) {
            first.sendCommand(redis.clients.jedis.Protocol.Command.CLUSTER, "MEET", added.host(), String.valueOf(added.port()),
                    String.valueOf(busPort));
        }
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            boolean known = running().stream().allMatch(node -> {
                try (Jedis jedis = adminOn(node)) {
                    return jedis.clusterNodes().lines().filter(l -> !l.contains("handshake")).count() == nodes.size();
                } catch (RuntimeException notYet) {
                    return false;
                }
            });
            if (known) {
                return added;
            }
            RedisServer.sleep(50);
        }
        throw new IllegalStateException("the added node " + added.port() + " did not join within " + START_TIMEOUT.toSeconds() + " s");
    }

    /** {@code redis-cluster://admin:PASSWORD@...}: the admin, as the operator is given it. */
    public String url() {
        return "redis-cluster://" + ADMIN_USER + ":" + adminPassword + "@" + hostList();
    }

    /** {@code redis-cluster://...} without credentials: what apps are given with their own user. */
    public String address() {
        return "redis-cluster://" + hostList();
    }

    private String hostList() {
        return nodes.stream().map(node -> node.host() + ":" + node.port()).collect(Collectors.joining(","));
    }

    public String adminPassword() {
        return adminPassword;
    }

    /** Every node, running or killed, in the order they were started (added ones last). */
    public List<RedisServer> nodes() {
        return List.copyOf(nodes);
    }

    /** A connection to one node as the admin (no redirects followed: what that node itself says). */
    public Jedis adminOn(RedisServer node) {
        return new Jedis(new HostAndPort(node.host(), node.port()), adminConfig());
    }

    /** The running primary that serves {@code key}'s slot now. */
    public RedisServer primaryOf(String key) {
        int slot = JedisClusterCRC16.getSlot(key);
        for (RedisServer node : running()) {
            try (Jedis jedis = adminOn(node)) {
                if (!jedis.info("replication").contains("role:master")) {
                    continue;
                }
                for (Object range : jedis.clusterSlots()) {
                    List<?> parts = (List<?>) range;
                    long from = (Long) parts.get(0);
                    long to = (Long) parts.get(1);
                    long port = (Long) ((List<?>) parts.get(2)).get(1);
                    if (slot >= from && slot <= to && port == node.port()) {
                        return node;
                    }
                }
            } catch (RuntimeException unreachable) {
                // a node that is going away: ask the next
            }
        }
        throw new IllegalStateException("no running primary serves the slot of " + key);
    }

    /** Kills the primary that serves {@code key} (SIGKILL, as a crash); its replica takes over after {@link #NODE_TIMEOUT}. */
    public RedisServer killPrimaryOf(String key) {
        RedisServer primary = primaryOf(key);
        primary.kill();
        return primary;
    }

    /**
     * Waits until every running node says {@code cluster_state:ok} and agrees that each slot has a
     * running primary: after a failover, the replica was promoted.
     */
    public void awaitHealthy() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            last = health();
            if (last.isEmpty()) {
                return;
            }
            RedisServer.sleep(50);
        }
        throw new IllegalStateException("the Redis Cluster did not become healthy within " + START_TIMEOUT.toSeconds() + " s: " + last);
    }

    /** Empty when healthy; else what is not. */
    private String health() {
        List<RedisServer> running = running();
        for (RedisServer node : running) {
            try (Jedis jedis = adminOn(node)) {
                String info = jedis.clusterInfo();
                if (!info.contains("cluster_state:ok")) {
                    return node.port() + " says " + info.lines().filter(l -> l.startsWith("cluster_state")).findFirst().orElse(info);
                }
                String nodesView = jedis.clusterNodes();
                long failingPrimaries = nodesView.lines().map(l -> l.trim().split("\\s+"))
                        .filter(fields -> fields.length > 8 && fields[2].contains("fail"))
                        .count();
                if (failingPrimaries > 0) {
                    return node.port() + " still sees a failed primary with slots";
                }
                String replication = jedis.info("replication");
                if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
                    return node.port() + " is a replica whose link is not up yet";
                }
            } catch (RuntimeException e) {
                return node.port() + " does not answer: " + e.getMessage();
            }
        }
        return "";
    }

    private List<RedisServer> running() {
        return nodes.stream().filter(RedisServer::isRunning).toList();
    }

    private JedisClientConfig adminConfig() {
        return DefaultJedisClientConfig.builder().user(ADMIN_USER).password(adminPassword).resp2()
                .connectionTimeoutMillis(1000).socketTimeoutMillis(2000).build();
    }

    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }

    /** Runs a command to its end; its output, or empty when it could not run or did not end in time. */
    private static Optional<String> run(List<String> command, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return Optional.of(new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
