package dev.cps.calendar.operator.dependentresource;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.route.GatewayApi;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The HTTPRoute's activation condition: HTTPRoutes are on in the operator's settings (a Gateway
 * is configured, so the chart granted {@code httproutes}) and the cluster serves the kind. Until
 * then the framework registers no informer for it, so a missing CRD cannot break the operator.
 */
public class HttpRoutesAvailable implements Condition<HTTPRoute, CalendarInstance> {

    @Override
    public boolean isMet(DependentResource<HTTPRoute, CalendarInstance> dependent, CalendarInstance primary,
                         Context<CalendarInstance> context) {
        return InstancePlan.from(context).settings().routes().httpRoutesEnabled()
                && GatewayApi.of(context.getClient()).servesHttpRoutes();
    }
}
