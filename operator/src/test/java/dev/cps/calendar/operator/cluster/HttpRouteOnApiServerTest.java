package dev.cps.calendar.operator.cluster;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.RouteKind;
import dev.cps.calendar.operator.customresource.RouteSpec;
import dev.cps.calendar.operator.testing.Calendars;
import dev.cps.calendar.testing.kube.AuditEvent;
import dev.cps.calendar.testing.kube.KubeControlPlane;
import dev.cps.calendar.testing.kube.KubeControlPlaneExtension;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTPRoutes on a real API server: first one that does not serve the Gateway API (the calendar is
 * RouteUnsupported, the others work), then with the upstream standard-channel CRDs installed (the
 * calendar heals without a restart, and the API server's own validation of the route accepts the
 * operator's shape). The operator runs with the chart's RBAC for routes on.
 */
@ExtendWith(KubeControlPlaneExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpRouteOnApiServerTest {

    private static final String NS = "routes";
    private static ClusterOperator operator;
    private static KubeControlPlane cluster;
    private static long installedAt;

    @BeforeAll
    static void install(KubeControlPlane controlPlane) {
        cluster = controlPlane;
        installedAt = controlPlane.audit().mark();
        operator = ClusterOperator.install(controlPlane, RenderedChart.DEFAULTS,
                Map.of("route.gateway.name", "public", "route.gateway.namespace", "gateways"), List.of(NS, "gateways"),
                Map.of("GATEWAY_NAME", "public", "GATEWAY_NAMESPACE", "gateways"));
        operator.startOperator("operator");
    }

    @AfterAll
    static void remove() {
        try {
            List<AuditEvent> forbidden = operator.operatorRequests(installedAt).stream().filter(AuditEvent::isForbidden).toList();
            assertThat(forbidden).as("requests the chart's RBAC (routes on) refused").isEmpty();
        } finally {
            operator.close();
        }
    }

    @Test
    @Order(1)
    void withoutTheGatewayApiTheCalendarIsRouteUnsupportedAndAnIngressCalendarWorks() {
        CalendarInstance gated = Calendars.jackAndBonnie(NS, "gated");
        gated.getSpec().setRoute(new RouteSpec(RouteKind.HTTPRoute, null));
        operator.create(gated);
        operator.create(Calendars.jackAndBonnie(NS, "plain"));

        await().atMost(Duration.ofSeconds(45)).until(() -> readyReason("gated").equals(Optional.of("RouteUnsupported")));
        assertThat(ready("gated").orElseThrow().getMessage()).contains("install the Gateway API standard-channel CRDs");
        operator.reportReady(NS, "plain", 1);
        await().atMost(Duration.ofSeconds(45)).until(() -> readyReason("plain").equals(Optional.of("Available")));
    }

    @Test
    @Order(2)
    void installingTheUpstreamCrdsHealsItAndTheServerAcceptsTheRoute() {
        cluster.installGatewayApi();

        HTTPRoute route = await().atMost(Duration.ofSeconds(45)).until(
                () -> operator.admin().resources(HTTPRoute.class).inNamespace(NS).withName("gated").get(), r -> r != null);
        operator.reportReady(NS, "gated", 1);
        await().atMost(Duration.ofSeconds(45)).until(() -> readyReason("gated").equals(Optional.of("Available")));

        assertThat(route.getSpec().getHostnames()).containsExactly("gated." + ClusterOperator.BASE_DOMAIN);
        assertThat(route.getSpec().getParentRefs()).singleElement().satisfies(parent -> {
            assertThat(parent.getName()).isEqualTo("public");
            assertThat(parent.getNamespace()).isEqualTo("gateways");
        });
        assertThat(route.getSpec().getRules()).isNotEmpty().allSatisfy(rule -> assertThat(rule.getBackendRefs()).singleElement()
                .satisfies(backend -> {
                    assertThat(backend.getName()).isEqualTo("gated");
                    assertThat(backend.getPort()).isEqualTo(80);
                }));
        assertThat(route.getSpec().getRules()).as("the event stream's rule is never cut by a request timeout")
                .anySatisfy(rule -> assertThat(rule.getTimeouts().getRequest()).isEqualTo("0s"));
        assertThat(route.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getKind()).isEqualTo("CalendarInstance"));
        assertThat(operator.admin().network().v1().ingresses().inNamespace(NS).withName("gated").get()).isNull();
    }

    @Test
    @Order(3)
    void deletingTheCalendarLetsTheGarbageCollectorRemoveItsRoute() {
        operator.instances().inNamespace(NS).withName("gated").delete();
        await().atMost(Duration.ofSeconds(45)).until(
                () -> operator.admin().resources(HTTPRoute.class).inNamespace(NS).withName("gated").get() == null);
    }

    private static Optional<Condition> ready(String name) {
        CalendarInstance instance = operator.get(NS, name);
        return instance == null || instance.getStatus() == null ? Optional.empty()
                : instance.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst();
    }

    private static Optional<String> readyReason(String name) {
        return ready(name).map(Condition::getReason);
    }
}
