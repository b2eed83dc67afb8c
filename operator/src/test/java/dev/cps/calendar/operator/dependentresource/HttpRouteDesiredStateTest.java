package dev.cps.calendar.operator.dependentresource;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.GatewayRefSpec;
import dev.cps.calendar.operator.customresource.RouteKind;
import dev.cps.calendar.operator.customresource.RouteSpec;
import dev.cps.calendar.operator.route.InstanceRoute;
import dev.cps.calendar.operator.settings.OperatorSettings;
import dev.cps.calendar.operator.testing.Calendars;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTPRoute of Jack and Bonnie's calendar "eclipse", and how its Gateway is chosen. */
class HttpRouteDesiredStateTest {

    private static final OperatorSettings WITH_GATEWAY = OperatorSettings.fromEnvironment(Map.of(
            "BASE_DOMAIN", "calendar.example.com",
            "ROUTE_KIND", "HTTPRoute",
            "GATEWAY_NAME", "public",
            "GATEWAY_NAMESPACE", "gateways",
            "GATEWAY_SECTION", "https"));

    private final CalendarInstance eclipse = Calendars.jackAndBonnie("team-a", "eclipse");

    private HTTPRoute route(CalendarInstance instance, OperatorSettings settings) {
        return new AppHttpRouteDependentResource().desired(instance,
                InstancePlan.of(instance, settings, "calendar-" + instance.slug(), "0123456789abcdef0123456789abcdef"));
    }

    @Test
    void aSharedCalendarsRouteSendsItsHostToThePoolsService() {
        InstancePlan plan = InstancePlan.of(eclipse, WITH_GATEWAY, "calendar-eclipse", "0123456789abcdef0123456789abcdef")
                .withServing(new InstancePlan.Serving("calendar-pool-shared", false));
        HTTPRoute route = new AppHttpRouteDependentResource().desired(eclipse, plan);
        assertThat(route.getSpec().getHostnames()).containsExactly("eclipse.calendar.example.com");
        assertThat(route.getSpec().getRules()).hasSize(2).allSatisfy(rule -> assertThat(rule.getBackendRefs()).singleElement()
                .satisfies(backend -> assertThat(backend.getName()).isEqualTo("calendar-pool-shared")));
        var ingress = new AppIngressDependentResource().desired(eclipse, plan);
        assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getName())
                .isEqualTo("calendar-pool-shared");
    }

    @Test
    void theRouteSendsTheHostToTheServiceThroughTheConfiguredGatewayWithEveryDefaultWrittenOut() {
        HTTPRoute route = route(eclipse, WITH_GATEWAY);

        assertThat(route.getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1");
        assertThat(route.getMetadata().getName()).isEqualTo("eclipse");
        assertThat(route.getMetadata().getNamespace()).isEqualTo("team-a");
        assertThat(route.getMetadata().getLabels()).containsAllEntriesOf(ManagedLabels.of("eclipse"));
        assertThat(route.getSpec().getHostnames()).containsExactly("eclipse.calendar.example.com");
        assertThat(route.getSpec().getParentRefs()).singleElement().satisfies(parent -> {
            assertThat(parent.getGroup()).isEqualTo("gateway.networking.k8s.io");
            assertThat(parent.getKind()).isEqualTo("Gateway");
            assertThat(parent.getName()).isEqualTo("public");
            assertThat(parent.getNamespace()).isEqualTo("gateways");
            assertThat(parent.getSectionName()).isEqualTo("https");
        });
        // what CRD defaulting would fill in is set by the operator, so the backends cannot be defaulted away
        assertThat(route.getSpec().getRules()).hasSize(2).allSatisfy(rule -> {
            assertThat(rule.getMatches()).singleElement().satisfies(m -> assertThat(m.getPath().getType()).isEqualTo("PathPrefix"));
            assertThat(rule.getBackendRefs()).singleElement().satisfies(backend -> {
                assertThat(backend.getGroup()).isEmpty();
                assertThat(backend.getKind()).isEqualTo("Service");
                assertThat(backend.getName()).isEqualTo(AppServiceDependentResource.name("eclipse"));
                assertThat(backend.getPort()).isEqualTo(AppServiceDependentResource.PORT);
                assertThat(backend.getWeight()).isEqualTo(1);
            });
        });
    }

    @Test
    void theEventStreamHasNoRequestTimeoutAndNothingElseGetsOne() {
        HTTPRoute route = route(eclipse, WITH_GATEWAY);

        HTTPRouteRule events = route.getSpec().getRules().get(0);
        assertThat(events.getMatches().get(0).getPath().getValue()).isEqualTo("/api/events");
        assertThat(events.getTimeouts().getRequest()).as("Gateway API: 0s switches the timeout off").isEqualTo("0s");
        assertThat(events.getTimeouts().getBackendRequest()).isNull();
        HTTPRouteRule rest = route.getSpec().getRules().get(1);
        assertThat(rest.getMatches().get(0).getPath().getValue()).isEqualTo("/");
        assertThat(rest.getTimeouts()).isNull();
        assertThat(route.toString()).as("never the private metrics port").doesNotContain("9090", "metrics");
    }

    @Test
    void aCalendarMayNameItsOwnGatewayAndTheNamespaceDefaultsSensibly() {
        eclipse.getSpec().setRoute(new RouteSpec(RouteKind.HTTPRoute, new GatewayRefSpec("internal", null, null)));
        assertThat(InstanceRoute.of(eclipse, WITH_GATEWAY.routes()).gateway()).contains(
                new InstanceRoute.ParentGateway("internal", "gateways", Optional.empty()));

        var noNamespace = OperatorSettings.fromEnvironment(Map.of("GATEWAY_NAME", "public"));
        eclipse.getSpec().setRoute(new RouteSpec(RouteKind.HTTPRoute, null));
        assertThat(InstanceRoute.of(eclipse, noNamespace.routes()).gateway()).as("the calendar's own namespace")
                .contains(new InstanceRoute.ParentGateway("public", "team-a", Optional.empty()));
        assertThat(route(eclipse, noNamespace).getSpec().getParentRefs().get(0).getSectionName()).isNull();
    }

    @Test
    void theKindComesFromTheSpecOverTheOperatorsDefault() {
        var defaults = OperatorSettings.fromEnvironment(Map.of()).routes();
        assertThat(InstanceRoute.of(eclipse, defaults).kind()).isEqualTo(RouteKind.Ingress);
        assertThat(InstanceRoute.of(eclipse, WITH_GATEWAY.routes()).kind()).isEqualTo(RouteKind.HTTPRoute);
        eclipse.getSpec().setRoute(new RouteSpec(RouteKind.None, null));
        assertThat(InstanceRoute.of(eclipse, WITH_GATEWAY.routes()).kind()).isEqualTo(RouteKind.None);
        assertThat(InstanceRoute.of(eclipse, WITH_GATEWAY.routes()).gateway()).isEmpty();
    }

    @Test
    void routeSettingsRefuseAnHttpRouteDefaultWithoutAGatewayAndUnknownKinds() {
        assertThat(OperatorSettings.fromEnvironment(Map.of()).routes().httpRoutesEnabled()).isFalse();
        assertThat(OperatorSettings.fromEnvironment(Map.of("ROUTE_KIND", "none")).routes().kind()).isEqualTo(RouteKind.None);
        assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("ROUTE_KIND", "HTTPRoute")))
                .hasMessageContaining("ROUTE_KIND=HTTPRoute needs the Gateway").hasMessageContaining("GATEWAY_NAME");
        assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("ROUTE_KIND", "Gateway")))
                .hasMessageContaining("ROUTE_KIND must be Ingress, HTTPRoute or None");
    }
}
