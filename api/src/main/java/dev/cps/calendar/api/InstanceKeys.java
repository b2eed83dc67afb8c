package dev.cps.calendar.api;

import java.time.LocalDate;

/**
 * Every Redis key of one calendar instance. All of them start with {@code instance:{<slug>}:}:
 * the braces make the slug a Redis Cluster hash tag (one slot per instance, so multi-key
 * scripts work on a cluster) and give the instance's ACL user a single prefix to fence.
 */
public record InstanceKeys(String slug) {

    public InstanceKeys {
        Slug.requireValid(slug);
    }

    public static InstanceKeys of(String slug) {
        return new InstanceKeys(slug);
    }

    /** {@code instance:{<slug>}:}, the prefix of every key and channel of the instance. */
    public String prefix() {
        return "instance:{" + slug + "}:";
    }

    /** String: the {@link InstanceConfig} as JSON, written by the operator. */
    public String config() {
        return prefix() + "config";
    }

    /**
     * Hash of one day's bookings: field {@code HH:00} (start hour) holds the booking JSON.
     * Per-day hashes keep a conflict-checked insert to one small key, with no blob rewrite.
     */
    public String bookingDay(LocalDate date) {
        return prefix() + "bookings:" + date;
    }

    /** Sorted set of the days that have bookings, scored by epoch day, for range reads. */
    public String bookingDays() {
        return prefix() + "booking-days";
    }

    /** Stream of {@link ChangeFeed} entries: booking and config changes, in order, with ids. */
    public String changeFeed() {
        return prefix() + "changes";
    }

    /**
     * Stream of the history of booking changes (who, what, from where), written by the app's booking
     * scripts in the same step as the change and trimmed to the calendar's retention ({@code MINID}).
     */
    public String history() {
        return prefix() + "history";
    }

    /** String: which resource (namespace/name/uid) owns this slug. Written by the operator only. */
    public String slugClaim() {
        return prefix() + "claim";
    }

    /** ACL key pattern that fences the instance: {@code ~instance:{<slug>}:*}. */
    public String aclKeyPattern() {
        return "~" + prefix() + "*";
    }

    /** ACL pub/sub channel pattern that fences the instance: {@code &instance:{<slug>}:*}. */
    public String aclChannelPattern() {
        return "&" + prefix() + "*";
    }

    /** Glob that matches every key of the instance, for SCAN when its data is removed. */
    public String allKeysGlob() {
        // the braces are literal in the key, but '{' and '}' are not glob specials: no escaping needed
        return prefix() + "*";
    }
}
