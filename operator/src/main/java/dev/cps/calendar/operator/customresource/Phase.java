package dev.cps.calendar.operator.customresource;

/** The one-word summary of an instance shown by {@code kubectl get cal}. */
public enum Phase {
    Provisioning,
    Active,
    Suspended,
    Degraded,
    Failed
}
