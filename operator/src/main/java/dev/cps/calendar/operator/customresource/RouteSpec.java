package dev.cps.calendar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * How this calendar is exposed, when it differs from the operator's default ({@code ROUTE_KIND},
 * {@code GATEWAY_*}; Helm values {@code route.*}).
 */
@ValidationRule(value = "!has(self.gateway) || !has(self.kind) || self.kind == 'HTTPRoute'",
        message = "route.gateway applies only to kind HTTPRoute: remove it, or set route.kind to HTTPRoute",
        fieldPath = ".gateway")
public class RouteSpec {

    @JsonPropertyDescription("Ingress, HTTPRoute (Gateway API) or None (no route: you route to the calendar's Service yourself). "
            + "Default: the operator's ROUTE_KIND (Helm value route.kind), Ingress unless set. Changing it replaces the old object.")
    private RouteKind kind;

    @JsonPropertyDescription("The Gateway the HTTPRoute attaches to. Default: the operator's GATEWAY_NAME, GATEWAY_NAMESPACE and "
            + "GATEWAY_SECTION (Helm values route.gateway.*).")
    private GatewayRefSpec gateway;

    public RouteSpec() {
    }

    public RouteSpec(RouteKind kind, GatewayRefSpec gateway) {
        this.kind = kind;
        this.gateway = gateway;
    }

    public RouteKind getKind() {
        return kind;
    }

    public void setKind(RouteKind kind) {
        this.kind = kind;
    }

    public GatewayRefSpec getGateway() {
        return gateway;
    }

    public void setGateway(GatewayRefSpec gateway) {
        this.gateway = gateway;
    }
}
