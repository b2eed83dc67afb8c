package dev.cps.calendar.operator.customresource;

/** How a calendar's host reaches its Service. */
public enum RouteKind {
    /** A {@code networking.k8s.io/v1} Ingress (the default). */
    Ingress,
    /** A Gateway API {@code gateway.networking.k8s.io/v1} HTTPRoute attached to a Gateway. */
    HTTPRoute,
    /** Nothing: the team routes to the calendar's Service itself. */
    None
}
