package dev.cps.calendar.operator.route;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.settings.RouteSettings;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
import java.util.Optional;

/** Why a calendar's chosen route cannot be made here, in words that say what to install or set. */
public final class RouteAvailability {

    /** How soon an unroutable calendar is looked at again: installing the CRDs heals it without an edit. */
    public static final Duration RECHECK = Duration.ofSeconds(10);
    public static final String HTTP_ROUTES_OFF = "spec.route.kind is HTTPRoute, but this operator has HTTPRoutes off: set the "
            + "Helm value route.gateway.name (GATEWAY_NAME), which also grants it httproutes, or choose another spec.route.kind";

    private RouteAvailability() {
    }

    public static Optional<String> problem(CalendarInstance instance, RouteSettings settings, KubernetesClient client) {
        if (!InstanceRoute.of(instance, settings).isHttpRoute()) {
            return Optional.empty();
        }
        if (!settings.httpRoutesEnabled()) {
            return Optional.of(HTTP_ROUTES_OFF);
        }
        return GatewayApi.of(client).servesHttpRoutes() ? Optional.empty() : Optional.of(GatewayApi.INSTALL_HINT);
    }
}
