package dev.cps.calendar.operator.redis;

import dev.cps.calendar.api.ChangeFeed;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.api.InstanceKeys;
import redis.clients.jedis.params.XAddParams;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * Writes an instance's config where the app reads it, then tells the running apps on the change
 * feed, in one transaction. An unchanged config (ignoring {@code updatedAt}) is not written, so a
 * resync costs one read and no notification. On a Redis Cluster a written config waits for a
 * replica to have it, so a failover right after does not bring the old one back.
 */
public final class ConfigSeeder {

    private final RedisAdmin redis;
    private final Clock clock;

    public ConfigSeeder(RedisAdmin redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /**
     * @param desired the config without {@code createdAt}/{@code updatedAt}: they are filled in here
     * @return true if the config was written and announced
     */
    public boolean seed(InstanceConfig desired) {
        InstanceKeys keys = InstanceKeys.of(desired.slug());
        return redis.callFor(keys.config(), "seeding the config of " + desired.slug(), jedis -> {
            String currentJson = jedis.get(keys.config());
            InstanceConfig current = currentJson == null ? null : readOrNull(currentJson);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Instant createdAt = current != null && current.createdAt() != null ? current.createdAt() : now;
            if (current != null && sameContent(current, desired, createdAt)) {
                return false;
            }
            String json = ContractJson.write(withTimes(desired, createdAt, now));
            var tx = jedis.multi();
            tx.set(keys.config(), json);
            tx.xadd(keys.changeFeed(), XAddParams.xAddParams().maxLen(ChangeFeed.MAX_LENGTH).approximateTrimming(),
                    Map.of(ChangeFeed.TYPE, ChangeFeed.CONFIG_CHANGED, ChangeFeed.DATA, json));
            tx.exec();
            redis.awaitReplicated(jedis, "the config of " + desired.slug());
            return true;
        });
    }

    /** The config now stored for {@code slug}; empty when there is none or it cannot be read. */
    public Optional<InstanceConfig> current(String slug) {
        InstanceKeys keys = InstanceKeys.of(slug);
        return redis.callFor(keys.config(), "reading the config of " + slug, jedis -> {
            String json = jedis.get(keys.config());
            return Optional.ofNullable(json == null ? null : readOrNull(json));
        });
    }

    /** Same as stored: what the JSON says (a colors map older operators wrote, read but never written, does not count). */
    private static boolean sameContent(InstanceConfig current, InstanceConfig desired, Instant createdAt) {
        return ContractJson.write(current).equals(ContractJson.write(withTimes(desired, createdAt, current.updatedAt())));
    }

    private static InstanceConfig withTimes(InstanceConfig c, Instant createdAt, Instant updatedAt) {
        return c.withTimes(createdAt, updatedAt);
    }

    private static InstanceConfig readOrNull(String json) {
        try {
            return ContractJson.readConfig(json);
        } catch (IllegalArgumentException unreadable) {
            return null; // overwritten with a good one
        }
    }
}
