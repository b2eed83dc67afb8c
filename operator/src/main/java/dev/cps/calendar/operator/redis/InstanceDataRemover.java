package dev.cps.calendar.operator.redis;

import dev.cps.calendar.api.InstanceKeys;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Removes everything an instance has in Redis when its resource is deleted with
 * {@code deletionPolicy: Delete}: first the ACL user (the app loses access), then every key under
 * the instance's prefix, and the slug claim last, so the slug is free only once the data is gone.
 */
public final class InstanceDataRemover {

    private final RedisAdmin redis;
    private final InstanceRedisUsers users;
    private final SlugClaims claims;

    public InstanceDataRemover(RedisAdmin redis, InstanceRedisUsers users, SlugClaims claims) {
        this.redis = redis;
        this.users = users;
        this.claims = claims;
    }

    /** @return the number of keys removed, not counting the claim */
    public long remove(String slug, String uid) {
        users.remove(slug);
        InstanceKeys keys = InstanceKeys.of(slug);
        // on a cluster SCAN sees only the keys of the node it runs on: the primary of the instance's slot has them all
        long removed = redis.callFor(keys.prefix(), "removing the data of " + slug, jedis -> {
            long count = 0;
            ScanParams match = new ScanParams().match(keys.allKeysGlob()).count(500);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = jedis.scan(cursor, match);
                String[] data = page.getResult().stream().filter(key -> !key.equals(keys.slugClaim())).toArray(String[]::new);
                if (data.length > 0) {
                    count += jedis.unlink(data);
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            return count;
        });
        claims.release(slug, uid);
        return removed;
    }
}
