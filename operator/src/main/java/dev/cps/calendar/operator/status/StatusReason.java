package dev.cps.calendar.operator.status;

import java.util.Arrays;
import java.util.Optional;

/**
 * The reasons the status's conditions give, as {@code kubectl describe} and kstatus show them. Each
 * knows whether reaching it is a problem a person should hear about: its Event is then a Warning.
 */
public enum StatusReason {
    Available(false),
    Provisioning(false),
    Suspended(false),
    /** The app had been up and no pod is ready any more. */
    PodsNotReady(true),
    RedisUnavailable(true),
    InvalidSpec(true),
    SlugConflict(true),
    RouteUnsupported(true),
    /** Reconciling=False: nothing left to do. */
    Reconciled(false),
    /** Stalled=False. */
    NotStalled(false);

    private final boolean warning;

    StatusReason(boolean warning) {
        this.warning = warning;
    }

    /** True when a transition to this reason is announced as a Warning Event. */
    public boolean warning() {
        return warning;
    }

    /** The reason a condition names, if it is one of these (a condition written by another version may name another). */
    public static Optional<StatusReason> named(String reason) {
        return Arrays.stream(values()).filter(r -> r.name().equals(reason)).findFirst();
    }
}
