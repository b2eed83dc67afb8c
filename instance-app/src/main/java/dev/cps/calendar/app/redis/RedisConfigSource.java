package dev.cps.calendar.app.redis;

import dev.cps.calendar.api.ChangeFeed;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.app.config.ActiveConfig;
import dev.cps.calendar.app.config.ConfigSource;
import dev.cps.calendar.app.feed.Change;
import dev.cps.calendar.app.feed.ChangeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The config the operator writes at {@code instance:{<slug>}:config}. Kept in memory; replaced
 * when a {@code config-changed} entry arrives on the change feed, re-read after every resync, and
 * re-read every few seconds anyway, so a calendar that was not provisioned picks its config up
 * by itself and a missed notification costs seconds, not a restart.
 */
public final class RedisConfigSource implements ConfigSource, ChangeListener {

    private static final Logger LOG = LoggerFactory.getLogger(RedisConfigSource.class);

    private final RedisConnector redis;
    private final InstanceKeys keys;
    private final AtomicReference<ActiveConfig> current = new AtomicReference<>();
    private final ScheduledFuture<?> poller;
    private volatile String lastJson;
    private volatile String refused;

    /** @param timers where the poll runs (the app's timer thread) */
    public RedisConfigSource(RedisConnector redis, InstanceKeys keys, Duration pollEvery, ScheduledExecutorService timers) {
        this.redis = redis;
        this.keys = keys;
        reload();
        this.poller = timers.scheduleWithFixedDelay(this::reload, pollEvery.toMillis(), pollEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Optional<ActiveConfig> current() {
        return Optional.ofNullable(current.get());
    }

    @Override
    public Optional<String> refused() {
        return Optional.ofNullable(refused);
    }

    @Override
    public void onChange(Change change) {
        if (ChangeFeed.CONFIG_CHANGED.equals(change.type())) {
            // the entry carries the config, but the key is the truth: read it, so an entry that
            // was overtaken by a newer write cannot roll the config back
            reload();
        }
    }

    @Override
    public void onResync() {
        reload();
    }

    /** Reads the key now; a failure keeps what is known (the store tells when Redis is down). */
    public void reload() {
        String json;
        try {
            json = redis.client().get(keys.config());
        } catch (JedisException e) {
            return;
        }
        if (Objects.equals(json, lastJson)) {
            return;
        }
        if (json == null) {
            if (current.getAndSet(null) != null) {
                LOG.warn("the config of {} disappeared from Redis; answering 503 not-provisioned", keys.slug());
            }
            lastJson = null;
            return;
        }
        try {
            ActiveConfig config = ActiveConfig.parseFor(keys.slug(), json);
            ActiveConfig before = current.getAndSet(config);
            lastJson = json;
            refused = null;
            LOG.info(before == null ? "calendar {} is provisioned: \"{}\"" : "config of {} changed: \"{}\"",
                    keys.slug(), config.config().displayTitle());
        } catch (RuntimeException e) {
            refused = e.getMessage() == null ? "it cannot be read" : e.getMessage();
            LOG.warn("the config of {} in Redis is refused, keeping the {}: {}", keys.slug(),
                    current.get() == null ? "calendar unprovisioned" : "previous one", refused);
            lastJson = json;
        }
    }

    @Override
    public void close() {
        poller.cancel(false);
    }
}
