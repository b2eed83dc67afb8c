package dev.cps.calendar.operator.dependentresource;

import java.util.Map;

/** The labels every child object carries; the informers watch only objects with {@link #SELECTOR}. */
public final class ManagedLabels {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String COMPONENT = "app.kubernetes.io/component";
    /** The component of a pool's objects: one app process for many Shared calendars. */
    public static final String POOL = "pool";

    public static final String OPERATOR = "calendar-operator";
    public static final String APP = "calendar-instance";

    /** Label selector of every informer on child objects: memory stays flat however many Secrets a cluster has. */
    public static final String SELECTOR = MANAGED_BY + "=" + OPERATOR;

    private ManagedLabels() {
    }

    public static Map<String, String> of(String slug) {
        return Map.of(MANAGED_BY, OPERATOR, NAME, APP, INSTANCE, slug);
    }

    /**
     * A pool's objects and pods, named {@code instance} ({@code calendar-pool-<pool>}): the same app name as a
     * calendar's, so the chart's NetworkPolicy and PodMonitor cover pool pods too.
     */
    public static Map<String, String> ofPool(String instance) {
        return Map.of(MANAGED_BY, OPERATOR, NAME, APP, INSTANCE, instance, COMPONENT, POOL);
    }

    /** What the Deployment selects its pods and the Service its endpoints by (never changes for an instance). */
    public static Map<String, String> selector(String slug) {
        return Map.of(NAME, APP, INSTANCE, slug);
    }
}
