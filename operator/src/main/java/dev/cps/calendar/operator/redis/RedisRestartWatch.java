package dev.cps.calendar.operator.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Notices, within seconds, a Redis that may have lost the calendars' users and configs: one that
 * came back after being unreachable, or one whose {@code run_id} changed (a restart, a failover to
 * a server without the data). On a Redis Cluster it watches every node the cluster lists: a node
 * that restarted, came back, or was added (none of which has the calendars' ACL users, which a
 * cluster does not replicate), and a failover (the failed primary leaves the list). Then every
 * calendar is reconciled at once, instead of at its next resync minutes later. One
 * {@code INFO server} per node every {@link #PERIOD}.
 */
public final class RedisRestartWatch implements AutoCloseable {

    static final Duration PERIOD = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(RedisRestartWatch.class);

    private final RedisAdmin redis;
    private ScheduledExecutorService timer;
    /** Each node's ({@code host:port}) run_id at the last check. */
    private Map<String, Optional<String>> lastRunIds = Map.of();
    private boolean wasDown;

    public RedisRestartWatch(RedisAdmin redis) {
        this.redis = redis;
    }

    /** Starts watching; {@code onRestart} runs on the watch's thread. */
    public synchronized void start(Runnable onRestart) {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "redis-restart-watch");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> check(onRestart), 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check(Runnable onRestart) {
        Map<String, Optional<String>> runIds;
        try {
            runIds = redis.callOnEveryNode("checking whether Redis restarted", jedis -> jedis.info("server").lines()
                    .filter(line -> line.startsWith("run_id:")).map(line -> line.substring("run_id:".length()).trim()).findFirst());
        } catch (RedisUnavailableException | redis.clients.jedis.exceptions.JedisException e) {
            wasDown = true;
            return;
        }
        boolean restarted = wasDown || !lastRunIds.isEmpty() && !lastRunIds.equals(runIds);
        if (restarted && !lastRunIds.isEmpty()) {
            log.info("Redis at {} is back{}: reconciling every calendar now", redis.address(), what(lastRunIds, runIds));
            onRestart.run();
        }
        wasDown = false;
        lastRunIds = runIds;
    }

    private static String what(Map<String, Optional<String>> before, Map<String, Optional<String>> now) {
        if (before.equals(now)) {
            return "";
        }
        if (!before.keySet().equals(now.keySet())) {
            return " with other nodes (" + String.join(",", now.keySet()) + ", were " + String.join(",", before.keySet()) + ")";
        }
        return " as a new server (run_id changed)";
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
