package dev.cps.calendar.api;

import java.util.regex.Pattern;

/**
 * The Redis keys of one pool of {@code placement: Shared} calendars: one app process (a pool
 * Deployment the operator owns) serving many calendars, chosen by the request's Host. A pool is
 * named within its namespace; its id {@code <namespace>.<pool>} is unique in the cluster (neither
 * part can hold a dot). Its keys start with {@code pool:{<namespace>.<pool>}:}, and its Redis user
 * may read exactly those and its members' {@link InstanceKeys#prefix() instance prefixes}.
 */
public record PoolKeys(String namespace, String pool) {

    /** The pool a Shared calendar joins when its spec names none. */
    public static final String DEFAULT_POOL = "shared";
    /** A DNS label short enough that {@code calendar-pool-<pool>} still is one. */
    public static final int MAX_POOL_LENGTH = 40;

    private static final Pattern LABEL = Pattern.compile(Slug.PATTERN);

    public PoolKeys {
        requireLabel("namespace", namespace, 63);
        requireLabel("pool", pool, MAX_POOL_LENGTH);
    }

    public static PoolKeys of(String namespace, String pool) {
        return new PoolKeys(namespace, pool);
    }

    /** Parses {@link AppEnvironment#POOL_ID}: {@code <namespace>.<pool>}. */
    public static PoolKeys parseId(String id) {
        int dot = id == null ? -1 : id.indexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException(AppEnvironment.POOL_ID + " must be <namespace>.<pool>, got: " + id);
        }
        return new PoolKeys(id.substring(0, dot), id.substring(dot + 1));
    }

    /** {@code <namespace>.<pool>}: the value of {@link AppEnvironment#POOL_ID}. */
    public String id() {
        return namespace + "." + pool;
    }

    /** {@code pool:{<namespace>.<pool>}:}, the prefix of every key of the pool. */
    public String prefix() {
        return "pool:{" + id() + "}:";
    }

    /**
     * Hash, written by the operator only: field = a member calendar's host, value = its slug. The pool
     * app serves a request only for a host in this hash, with that slug's {@link InstanceKeys}.
     */
    public String members() {
        return prefix() + "members";
    }

    /** The Redis (ACL) user of the pool's app processes. */
    public String username() {
        return "pool-" + namespace + "-" + pool;
    }

    /** ACL key pattern of the pool's own keys: {@code ~pool:{<namespace>.<pool>}:*}. */
    public String aclKeyPattern() {
        return "~" + prefix() + "*";
    }

    private static void requireLabel(String what, String value, int maxLength) {
        if (value == null || value.length() > maxLength || !LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be a DNS label of at most " + maxLength + " characters, got: " + value);
        }
    }
}
