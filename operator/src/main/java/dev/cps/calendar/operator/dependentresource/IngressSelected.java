package dev.cps.calendar.operator.dependentresource;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.route.InstanceRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The Ingress' reconcile precondition: when the calendar's route is another kind, the framework deletes the Ingress. */
public class IngressSelected implements Condition<Ingress, CalendarInstance> {

    @Override
    public boolean isMet(DependentResource<Ingress, CalendarInstance> dependent, CalendarInstance primary,
                         Context<CalendarInstance> context) {
        return InstanceRoute.of(primary, InstancePlan.from(context).settings().routes()).isIngress();
    }
}
