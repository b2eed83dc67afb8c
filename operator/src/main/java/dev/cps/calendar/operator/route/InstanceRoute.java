package dev.cps.calendar.operator.route;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.GatewayRefSpec;
import dev.cps.calendar.operator.customresource.RouteKind;
import dev.cps.calendar.operator.customresource.RouteSpec;
import dev.cps.calendar.operator.settings.RouteSettings;

import java.util.Optional;

/**
 * The route one calendar gets: its {@code spec.route} over the operator's defaults. The one place
 * that resolves them; the Ingress and HTTPRoute children and the status all ask it.
 *
 * @param gateway the Gateway of an HTTPRoute, with its namespace resolved; empty for other kinds,
 *                or when HTTPRoutes are off
 */
public record InstanceRoute(RouteKind kind, Optional<ParentGateway> gateway) {

    /** A resolved {@code parentRefs} entry. */
    public record ParentGateway(String name, String namespace, Optional<String> sectionName) {
    }

    public static InstanceRoute of(CalendarInstance instance, RouteSettings settings) {
        RouteSpec spec = instance.getSpec() == null ? null : instance.getSpec().getRoute();
        RouteKind kind = spec != null && spec.getKind() != null ? spec.getKind() : settings.kind();
        if (kind != RouteKind.HTTPRoute) {
            return new InstanceRoute(kind, Optional.empty());
        }
        String calendarNamespace = instance.getMetadata().getNamespace();
        GatewayRefSpec own = spec == null ? null : spec.getGateway();
        Optional<ParentGateway> gateway = settings.gateway().map(defaults -> own == null
                ? new ParentGateway(defaults.name(), defaults.namespace().orElse(calendarNamespace), defaults.sectionName())
                : new ParentGateway(own.getName(),
                        Optional.ofNullable(own.getNamespace()).or(defaults::namespace).orElse(calendarNamespace),
                        Optional.ofNullable(own.getSectionName())));
        return new InstanceRoute(kind, gateway);
    }

    public boolean isIngress() {
        return kind == RouteKind.Ingress;
    }

    public boolean isHttpRoute() {
        return kind == RouteKind.HTTPRoute;
    }
}
