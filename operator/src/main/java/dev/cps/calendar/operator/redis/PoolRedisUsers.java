package dev.cps.calendar.operator.redis;

import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.api.PoolKeys;
import redis.clients.jedis.resps.AccessControlUser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A pool's side of Redis: its ACL user ({@link PoolKeys#username()}), fenced to the pool's own keys
 * and exactly its members' {@code instance:{<slug>}:} prefixes, and the members hash (host to slug)
 * the pool app serves by. A pool never sees a calendar that is not in it.
 *
 * <p>A member is given its key patterns before the app can route to it (the hash entry), and loses
 * them after. Redis can only replace an ACL user's patterns as a whole, so the joins and leaves of
 * one pool take turns in this process (the leader is the only writer). Each call reads first and
 * writes only what differs, so a resync of an unchanged member costs two reads.
 */
public final class PoolRedisUsers {

    private final RedisAdmin redis;
    private final FencedAclUsers users = new FencedAclUsers();
    private final Map<String, Object> turns = new ConcurrentHashMap<>();

    public PoolRedisUsers(RedisAdmin redis) {
        this.redis = redis;
    }

    /**
     * Makes {@code slug} a member of {@code pool} at {@code host} (and at no other host).
     *
     * @return true if Redis was written
     * @throws HostTaken when another member of the pool has this host
     */
    public boolean join(PoolKeys pool, String password, String slug, String host) {
        return inTurn(pool, () -> {
            Map<String, String> members = members(pool);
            String holder = members.get(host);
            if (holder != null && !holder.equals(slug)) {
                throw new HostTaken("host " + host + " is served by calendar " + holder + " in the pool " + pool.pool()
                        + ": two calendars cannot share a host");
            }
            Set<String> slugs = new TreeSet<>(members.values());
            slugs.add(slug);
            // the patterns first (on a cluster, on every node: ACLs are not replicated), then the host
            boolean written = redis.callOnEveryNode("fencing the Redis user of the pool " + pool.id() + " to its members",
                    jedis -> users.ensure(jedis, pool.username(), password, keyPatterns(pool, slugs), channelPatterns(slugs)))
                    .containsValue(true);
            String[] stale = staleHosts(members, slug, host);
            if (holder == null || stale.length > 0) {
                redis.callFor(pool.members(), "adding " + slug + " to the pool " + pool.id(), jedis -> {
                    if (holder == null) {
                        jedis.hset(pool.members(), host, slug);
                    }
                    if (stale.length > 0) {
                        jedis.hdel(pool.members(), stale);
                    }
                    return null;
                });
                written = true;
            }
            return written;
        });
    }

    /**
     * Takes {@code slug} out of {@code pool}: first out of the members hash, then out of the user's
     * patterns. The last member's leave removes the user and the hash.
     *
     * @return true if Redis was written
     */
    public boolean leave(PoolKeys pool, String slug) {
        return inTurn(pool, () -> {
            Map<String, String> members = members(pool);
            String[] hosts = staleHosts(members, slug, null);
            String pattern = InstanceKeys.of(slug).aclKeyPattern();
            boolean fenced = redis.callOnEveryNode("reading the Redis user of the pool " + pool.id(), jedis -> {
                AccessControlUser user = jedis.aclGetUser(pool.username());
                return user != null && user.getKeysList() != null
                        && user.getKeysList().stream().anyMatch(keys -> List.of(keys.split("\\s+")).contains(pattern));
            }).containsValue(true);
            if (hosts.length == 0 && !fenced) {
                return false;
            }
            Set<String> remaining = new TreeSet<>(members.values());
            remaining.remove(slug);
            redis.callFor(pool.members(), "removing " + slug + " from the pool " + pool.id(), jedis -> {
                if (remaining.isEmpty()) {
                    jedis.del(pool.members());
                } else if (hosts.length > 0) {
                    jedis.hdel(pool.members(), hosts);
                }
                return null;
            });
            redis.callOnEveryNode("fencing the Redis user of the pool " + pool.id() + " to its members", jedis -> {
                if (remaining.isEmpty()) {
                    jedis.aclDelUser(pool.username());
                } else if (jedis.aclGetUser(pool.username()) != null) {
                    List<String> rules = new ArrayList<>();
                    rules.add("resetkeys");
                    rules.addAll(keyPatterns(pool, remaining));
                    rules.add("resetchannels");
                    rules.addAll(channelPatterns(remaining));
                    jedis.aclSetUser(pool.username(), rules.toArray(String[]::new));
                    // its connections keep nothing they read before; new reads of the left calendar's keys fail from now on
                }
                FencedAclUsers.saveAclFile(jedis);
                return null;
            });
            return true;
        });
    }

    /** The members as the pool app sees them: host to slug. */
    public Map<String, String> members(PoolKeys pool) {
        return redis.callFor(pool.members(), "reading the members of the pool " + pool.id(), jedis -> jedis.hgetAll(pool.members()));
    }

    private <T> T inTurn(PoolKeys pool, Supplier<T> action) {
        synchronized (turns.computeIfAbsent(pool.id(), id -> new Object())) {
            return action.get();
        }
    }

    /** The hosts {@code slug} is a member at, other than {@code host}. */
    private static String[] staleHosts(Map<String, String> members, String slug, String host) {
        return members.entrySet().stream()
                .filter(member -> member.getValue().equals(slug) && !member.getKey().equals(host))
                .map(Map.Entry::getKey).toArray(String[]::new);
    }

    private static List<String> keyPatterns(PoolKeys pool, Set<String> slugs) {
        List<String> patterns = new ArrayList<>(List.of(pool.aclKeyPattern()));
        slugs.forEach(slug -> patterns.add(InstanceKeys.of(slug).aclKeyPattern()));
        return patterns;
    }

    private static List<String> channelPatterns(Set<String> slugs) {
        return slugs.stream().map(slug -> InstanceKeys.of(slug).aclChannelPattern()).toList();
    }

    /** A calendar asks for a host another member of its pool has. */
    public static final class HostTaken extends RuntimeException {
        HostTaken(String message) {
            super(message);
        }
    }
}
