package dev.cps.calendar.operator.dependentresource;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The reconcile precondition of a calendar's own Deployment and Service: when its pool serves it
 * ({@code placement: Shared}, and its route already points at the pool), the framework deletes them.
 */
public class DedicatedServing implements Condition<HasMetadata, CalendarInstance> {

    @Override
    public boolean isMet(DependentResource<HasMetadata, CalendarInstance> dependent, CalendarInstance primary,
                         Context<CalendarInstance> context) {
        return InstancePlan.from(context).serving().ownDeployment();
    }
}
