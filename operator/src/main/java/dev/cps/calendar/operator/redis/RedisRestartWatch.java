package dev.cps.calendar.operator.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Notices, within seconds, a Redis that may have lost the calendars' users and configs: one that
 * came back after being unreachable, or one whose {@code run_id} changed (a restart, a failover to
 * a server without the data). Then every calendar is reconciled at once, instead of at its next
 * resync minutes later. One {@code INFO server} every {@link #PERIOD}.
 */
public final class RedisRestartWatch implements AutoCloseable {

    static final Duration PERIOD = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(RedisRestartWatch.class);

    private final RedisAdmin redis;
    private ScheduledExecutorService timer;
    private Optional<String> lastRunId = Optional.empty();
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
        Optional<String> runId;
        try {
            runId = redis.call("checking whether Redis restarted", jedis -> jedis.info("server").lines()
                    .filter(line -> line.startsWith("run_id:")).map(line -> line.substring("run_id:".length()).trim()).findFirst());
        } catch (RedisUnavailableException | redis.clients.jedis.exceptions.JedisException e) {
            wasDown = true;
            return;
        }
        boolean restarted = wasDown || lastRunId.isPresent() && !lastRunId.equals(runId);
        if (restarted && lastRunId.isPresent()) {
            log.info("Redis at {} is back{}: reconciling every calendar now", redis.address(),
                    lastRunId.equals(runId) ? "" : " as a new server (run_id changed)");
            onRestart.run();
        }
        wasDown = false;
        lastRunId = runId;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
