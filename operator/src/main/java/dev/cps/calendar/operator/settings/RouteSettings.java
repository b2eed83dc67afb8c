package dev.cps.calendar.operator.settings;

import dev.cps.calendar.operator.customresource.RouteKind;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's default route for every calendar ({@code ROUTE_KIND}) and the Gateway its
 * HTTPRoutes attach to ({@code GATEWAY_NAME}, {@code GATEWAY_NAMESPACE}, {@code GATEWAY_SECTION}).
 * HTTPRoutes are enabled when a Gateway is configured: only then does the chart grant the
 * operator {@code httproutes}, and only then does the operator watch them.
 *
 * @param kind    for calendars whose {@code spec.route.kind} is not set
 * @param gateway empty: HTTPRoutes are off
 */
public record RouteSettings(RouteKind kind, Optional<Gateway> gateway) {

    public static final RouteSettings DEFAULT = new RouteSettings(RouteKind.Ingress, Optional.empty());

    /** A Gateway: its name, and optionally its namespace (else the calendar's) and listener. */
    public record Gateway(String name, Optional<String> namespace, Optional<String> sectionName) {
    }

    public RouteSettings {
        if (kind == RouteKind.HTTPRoute && gateway.isEmpty()) {
            throw new IllegalArgumentException("ROUTE_KIND=HTTPRoute needs the Gateway the routes attach to: set GATEWAY_NAME "
                    + "(Helm value route.gateway.name)");
        }
    }

    static RouteSettings fromEnvironment(Map<String, String> env) {
        RouteKind kind = value(env, "ROUTE_KIND").map(RouteSettings::kind).orElse(RouteKind.Ingress);
        Optional<Gateway> gateway = value(env, "GATEWAY_NAME")
                .map(name -> new Gateway(name, value(env, "GATEWAY_NAMESPACE"), value(env, "GATEWAY_SECTION")));
        return new RouteSettings(kind, gateway);
    }

    public boolean httpRoutesEnabled() {
        return gateway.isPresent();
    }

    private static RouteKind kind(String value) {
        return Arrays.stream(RouteKind.values()).filter(k -> k.name().equalsIgnoreCase(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("ROUTE_KIND must be Ingress, HTTPRoute or None, got \"" + value + "\""));
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }
}
