package dev.cps.calendar.operator.redis;

import dev.cps.calendar.api.InstanceKeys;
import redis.clients.jedis.params.SetParams;

import java.util.List;
import java.util.Optional;

/**
 * One slug belongs to exactly one CalendarInstance (by UID) across all namespaces. The claim is a
 * Redis key written with {@code SET NX}, so two operators (or two resources) cannot both win it.
 * Changing an existing claim is a compare-and-set, so a claim is never overwritten on a stale read.
 * On a Redis Cluster a new claim waits for a replica to have it ({@link RedisAdmin#awaitReplicated}):
 * a claim lost in a failover could let a second resource win the slug.
 */
public final class SlugClaims {

    /** Replaces the claim only if it still holds {@code ARGV[1]}. */
    private static final String COMPARE_AND_SET =
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[2]) end return false";
    /** Deletes the claim only if it still holds {@code ARGV[1]}. */
    private static final String COMPARE_AND_DELETE =
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    /** What happened when a resource asked for its slug. */
    public sealed interface Result {
        /** The resource holds the slug; {@code adopted}: it took over the retained data of a deleted one. */
        record Held(boolean newlyClaimed, boolean adopted) implements Result {
        }

        /** Another resource holds the slug; nothing of it was changed. */
        record Conflict(SlugClaim holder) implements Result {
        }
    }

    private final RedisAdmin redis;

    public SlugClaims(RedisAdmin redis) {
        this.redis = redis;
    }

    public Result claim(String slug, SlugClaim wanted) {
        String key = InstanceKeys.of(slug).slugClaim();
        return redis.callFor(key, "claiming slug " + slug, jedis -> {
            for (int attempt = 0; attempt < 3; attempt++) {
                String current = jedis.get(key);
                if (current == null) {
                    if (jedis.set(key, wanted.toJson(), SetParams.setParams().nx()) != null) {
                        redis.awaitReplicated(jedis, "the claim of slug " + slug);
                        return new Result.Held(true, false);
                    }
                    continue; // somebody else won the race: read their claim
                }
                SlugClaim holder = SlugClaim.fromJson(current);
                if (holder.isHeldBy(wanted.uid())) {
                    return new Result.Held(false, false);
                }
                if (!holder.canBeAdoptedFrom(wanted.namespace())) {
                    return new Result.Conflict(holder);
                }
                Object swapped = jedis.eval(COMPARE_AND_SET, List.of(key), List.of(current, wanted.toJson()));
                if (swapped != null) {
                    redis.awaitReplicated(jedis, "the claim of slug " + slug);
                    return new Result.Held(true, true);
                }
            }
            throw new IllegalStateException("the claim of slug " + slug + " keeps changing; will try again");
        });
    }

    public Optional<SlugClaim> holder(String slug) {
        String key = InstanceKeys.of(slug).slugClaim();
        return redis.callFor(key, "reading the claim of slug " + slug, jedis -> Optional.ofNullable(jedis.get(key)).map(SlugClaim::fromJson));
    }

    /** Keeps the claim (and so the data) for a later resource with this slug in the same namespace. */
    public void retain(String slug, String uid) {
        String key = InstanceKeys.of(slug).slugClaim();
        redis.callFor(key, "retaining slug " + slug, jedis -> {
            String current = jedis.get(key);
            if (current != null && SlugClaim.fromJson(current).isHeldBy(uid)) {
                jedis.eval(COMPARE_AND_SET, List.of(key), List.of(current, SlugClaim.fromJson(current).asRetained().toJson()));
            }
            return null;
        });
    }

    /** Frees the slug, but only if the resource with {@code uid} still holds it. */
    public void release(String slug, String uid) {
        String key = InstanceKeys.of(slug).slugClaim();
        redis.callFor(key, "releasing slug " + slug, jedis -> {
            String current = jedis.get(key);
            if (current != null && SlugClaim.fromJson(current).isHeldBy(uid)) {
                jedis.eval(COMPARE_AND_DELETE, List.of(key), List.of(current));
            }
            return null;
        });
    }
}
