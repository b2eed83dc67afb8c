package dev.cps.calendar.operator.reconciler;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.CalendarInstanceStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;

/**
 * Writes a CalendarInstance's status and puts the API server's answer into the controller's cache.
 * Returning {@code UpdateControl.patchStatus} instead leaves the cache stale until the watch event
 * arrives: a reconcile triggered meanwhile (a child just created) would compute the same status from
 * the old one and write it, and its Event, a second time.
 */
final class StatusWriter {

    private final boolean serverSideApply;

    StatusWriter(boolean serverSideApply) {
        this.serverSideApply = serverSideApply;
    }

    /** Patches {@code instance} (as read, with its old status) to {@code status}; retried on a conflict. */
    void write(CalendarInstance instance, CalendarInstanceStatus status, Context<CalendarInstance> context) {
        if (serverSideApply) {
            // apply only the status: the fields this manager owns, nothing of spec or metadata
            var statusOnly = new CalendarInstance();
            statusOnly.setMetadata(new ObjectMetaBuilder()
                    .withName(instance.getMetadata().getName())
                    .withNamespace(instance.getMetadata().getNamespace())
                    .build());
            statusOnly.setStatus(status);
            PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(instance, statusOnly, context);
        } else {
            // as JOSDK does without SSA: a JSON patch of what differs from the status as read
            PrimaryUpdateAndCacheUtils.patchStatusAndCacheResource(instance, context, latest -> {
                latest.setStatus(status);
                return latest;
            });
        }
    }
}
