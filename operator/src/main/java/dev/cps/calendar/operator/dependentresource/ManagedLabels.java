package dev.cps.calendar.operator.dependentresource;

import java.util.Map;

/** The labels every child object carries; the informers watch only objects with {@link #SELECTOR}. */
public final class ManagedLabels {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";

    public static final String OPERATOR = "calendar-operator";
    public static final String APP = "calendar-instance";

    /** Label selector of every informer on child objects: memory stays flat however many Secrets a cluster has. */
    public static final String SELECTOR = MANAGED_BY + "=" + OPERATOR;

    private ManagedLabels() {
    }

    public static Map<String, String> of(String slug) {
        return Map.of(MANAGED_BY, OPERATOR, NAME, APP, INSTANCE, slug);
    }

    /** What the Deployment selects its pods and the Service its endpoints by (never changes for an instance). */
    public static Map<String, String> selector(String slug) {
        return Map.of(NAME, APP, INSTANCE, slug);
    }
}
