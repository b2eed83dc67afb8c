package dev.cps.calendar.app.redis;

import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.app.feed.Change;
import dev.cps.calendar.app.feed.StreamId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisRedirectionException;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Follows the change feed of one instance on a connection of its own ({@code XREAD BLOCK}),
 * including the changes other app processes make. On every (re)connection it first reloads the
 * store's view from a snapshot, then reads on from the snapshot's position: nothing is missed,
 * even when the feed was trimmed or Redis restarted empty while it was away.
 */
final class RedisChangeFollower {

    private static final Logger LOG = LoggerFactory.getLogger(RedisChangeFollower.class);
    private static final long RETRY_MILLIS = 250;
    private static final int READ_BATCH = 500;

    private final RedisConnector redis;
    private final InstanceKeys keys;
    private final RedisBookingStore store;
    private final Thread thread;
    private final CountDownLatch firstSync = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean live;
    private volatile Jedis connection;

    RedisChangeFollower(RedisConnector redis, InstanceKeys keys, RedisBookingStore store) {
        this.redis = redis;
        this.keys = keys;
        this.store = store;
        this.thread = new Thread(this::run, "change-feed-" + keys.slug());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean isLive() {
        return live;
    }

    void awaitLive(Duration timeout) {
        try {
            firstSync.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A command failed: if the feed connection is dead too, the follower will notice within its read timeout. */
    /**
     * A command failed. A socket failure (refused, reset, timed out) means Redis is gone for this
     * app: answer 503 from now on and drop the feed connection, which reconnects and resyncs when
     * Redis is back. An error Redis answered with means it is alive. No network call here: the
     * request that failed has waited its timeout already.
     */
    void suspectOutage(JedisException cause) {
        Jedis current = connection;
        if (current != null && cause instanceof JedisConnectionException) {
            markLost("Redis is unreachable: " + cause.getMessage());
            current.disconnect();
        }
    }

    void stop() {
        running = false;
        Jedis current = connection;
        if (current != null) {
            try {
                current.disconnect();
            } catch (RuntimeException ignored) {
                // it is going away anyway
            }
        }
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        boolean wasLost = false;
        boolean reconnecting = false;
        while (running) {
            try (Jedis feed = redis.dedicated(keys.changeFeed())) {
                connection = feed;
                StreamId position = store.reloadView(feed);
                if (wasLost) {
                    redis.dropIdleConnections();
                    LOG.info("Redis at {} is back; bookings reloaded, following the change feed again", redis.address());
                }
                live = true;
                wasLost = false;
                reconnecting = false;
                firstSync.countDown();
                store.onFeedResynced();
                while (running) {
                    position = readOnFrom(feed, position);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                if (!(e instanceof JedisException)) {
                    LOG.warn("following the change feed failed; starting over", e);
                }
                if (live && !reconnecting && (e instanceof JedisConnectionException broken && !RedisConnector.timedOut(broken)
                        || e instanceof JedisRedirectionException)) {
                    // Redis may only have dropped this connection, or (on a cluster) this node no
                    // longer serves the slot: a fresh connection, to the slot's primary now, reloads
                    // the view while reads go on from memory; only if that fails too is Redis lost
                    reconnecting = true;
                    continue;
                }
                reconnecting = false;
                markLost("Redis is unreachable: " + e.getMessage());
                wasLost = true;
                sleep(RETRY_MILLIS);
            } finally {
                connection = null;
            }
        }
        live = false;
    }

    private StreamId readOnFrom(Jedis feed, StreamId position) {
        List<Map.Entry<String, List<StreamEntry>>> batches = feed.xread(
                XReadParams.xReadParams().block(RedisConnector.FEED_BLOCK_MILLIS).count(READ_BATCH),
                Map.of(keys.changeFeed(), new StreamEntryID(position.millis(), position.sequence())));
        if (batches == null) {
            return position;
        }
        StreamId last = position;
        for (Map.Entry<String, List<StreamEntry>> batch : batches) {
            for (StreamEntry entry : batch.getValue()) {
                Change change = RedisBookingStore.toChange(entry);
                last = change.id();
                store.onFeedChange(change);
            }
        }
        return last;
    }

    private synchronized void markLost(String message) {
        if (live) {
            live = false;
            LOG.warn("{}; answering 503 until it is back", message);
            store.onFeedLost("the calendar's storage is unreachable; retrying");
        } else if (firstSync.getCount() > 0) {
            LOG.warn("{}; answering 503 until it is reachable", message);
            firstSync.countDown();
            store.onFeedLost("the calendar's storage is unreachable; retrying");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
