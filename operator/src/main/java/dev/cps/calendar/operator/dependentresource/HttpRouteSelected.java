package dev.cps.calendar.operator.dependentresource;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.route.InstanceRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The HTTPRoute's reconcile precondition: when the calendar's route is another kind, the framework deletes the HTTPRoute. */
public class HttpRouteSelected implements Condition<HTTPRoute, CalendarInstance> {

    @Override
    public boolean isMet(DependentResource<HTTPRoute, CalendarInstance> dependent, CalendarInstance primary,
                         Context<CalendarInstance> context) {
        return InstanceRoute.of(primary, InstancePlan.from(context).settings().routes()).isHttpRoute();
    }
}
