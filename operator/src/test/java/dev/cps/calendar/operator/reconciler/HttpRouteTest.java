package dev.cps.calendar.operator.reconciler;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.RouteKind;
import dev.cps.calendar.operator.customresource.RouteSpec;
import dev.cps.calendar.operator.route.GatewayApi;
import dev.cps.calendar.operator.testing.Calendars;
import dev.cps.calendar.testing.kube.StandInHttpRouteCrd;
import dev.cps.calendar.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Calendars routed by HTTPRoutes, on the mock API server: first a cluster without the Gateway API
 * (RouteUnsupported for the calendar that asks for it, the others unaffected), then the CRD is
 * installed and the calendar heals without a restart; switching the route kind replaces the old
 * object; and every call stays within the chart's RBAC with routes on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpRouteTest {

    static final String NS = "routes";
    private static OperatorHarness harness;

    @BeforeAll
    static void startOperator() {
        harness = OperatorHarness.start(Map.of("GATEWAY_NAME", "public", "GATEWAY_NAMESPACE", "gateways"));
    }

    @AfterAll
    static void stopOperator() {
        harness.close();
    }

    @Test
    @Order(1)
    void withoutTheGatewayApiTheCalendarIsRouteUnsupportedAndTheOthersKeepWorking() {
        harness.create(routedBy(RouteKind.HTTPRoute, Calendars.jackAndBonnie(NS, "gated")));
        harness.create(Calendars.jackAndBonnie(NS, "plain"));

        await().atMost(Duration.ofSeconds(20)).until(() -> readyReason("gated").equals(Optional.of("RouteUnsupported")));
        Condition ready = ready("gated").orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getMessage()).contains("does not serve gateway.networking.k8s.io/v1 HTTPRoute")
                .contains("install the Gateway API standard-channel CRDs");
        assertThat(harness.get(NS, "gated").getStatus().getConditions()).anyMatch(c -> c.getType().equals("Stalled")
                && c.getStatus().equals("True") && c.getReason().equals("RouteUnsupported"));
        assertThat(harness.client().apps().deployments().inNamespace(NS).withName("gated").get()).as("the app still runs").isNotNull();
        assertThat(ingress("gated")).as("no Ingress for a calendar that asked for an HTTPRoute").isNull();

        await().atMost(Duration.ofSeconds(20)).until(() -> readyReason("plain").equals(Optional.of("Provisioning")));
        assertThat(ingress("plain")).isNotNull();
    }

    @Test
    @Order(2)
    void installingTheCrdLaterHealsTheCalendarWithoutARestart() {
        StandInHttpRouteCrd.install(harness.client());

        HTTPRoute route = await().atMost(Duration.ofSeconds(30)).until(() -> httpRoute("gated"), r -> r != null);
        await().atMost(Duration.ofSeconds(20)).until(() -> readyReason("gated").equals(Optional.of("Provisioning")));

        assertThat(route.getSpec().getHostnames()).containsExactly("gated." + OperatorHarness.BASE_DOMAIN);
        assertThat(route.getSpec().getParentRefs()).singleElement().satisfies(parent -> {
            assertThat(parent.getGroup()).isEqualTo(GatewayApi.GROUP);
            assertThat(parent.getKind()).isEqualTo("Gateway");
            assertThat(parent.getName()).isEqualTo("public");
            assertThat(parent.getNamespace()).isEqualTo("gateways");
        });
        assertThat(route.getSpec().getRules()).allSatisfy(rule -> assertThat(rule.getBackendRefs()).singleElement()
                .satisfies(backend -> {
                    assertThat(backend.getName()).isEqualTo("gated");
                    assertThat(backend.getPort()).isEqualTo(80);
                }));
        assertThat(route.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("CalendarInstance");
            assertThat(owner.getController()).isTrue();
            assertThat(owner.getUid()).isEqualTo(harness.get(NS, "gated").getMetadata().getUid());
        });
        assertThat(route.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "calendar-operator");
        assertThat(httpRoute("plain")).as("an Ingress calendar gets no HTTPRoute").isNull();
    }

    @Test
    @Order(3)
    void switchingTheRouteKindReplacesTheOldObject() {
        setRoute("gated", RouteKind.Ingress);
        await().atMost(Duration.ofSeconds(20)).until(() -> httpRoute("gated") == null && ingress("gated") != null);

        setRoute("plain", RouteKind.HTTPRoute);
        await().atMost(Duration.ofSeconds(20)).until(() -> ingress("plain") == null && httpRoute("plain") != null);

        setRoute("plain", RouteKind.None);
        await().atMost(Duration.ofSeconds(20)).until(() -> ingress("plain") == null && httpRoute("plain") == null);
        assertThat(harness.client().services().inNamespace(NS).withName("plain").get()).as("None keeps the Service").isNotNull();
    }

    @Test
    @Order(4)
    void aSharedCalendarsHttpRouteSendsItsHostToThePool() {
        CalendarInstance pooled = routedBy(RouteKind.HTTPRoute, Calendars.jackAndBonnie(NS, "pooled"));
        pooled.getSpec().setPlacement(dev.cps.calendar.operator.customresource.Placement.Shared);
        harness.create(pooled);

        HTTPRoute route = await().atMost(Duration.ofSeconds(20)).until(() -> httpRoute("pooled"), r -> r != null);
        assertThat(route.getSpec().getHostnames()).containsExactly("pooled." + OperatorHarness.BASE_DOMAIN);
        assertThat(route.getSpec().getRules()).allSatisfy(rule -> assertThat(rule.getBackendRefs()).singleElement()
                .satisfies(backend -> assertThat(backend.getName()).isEqualTo("calendar-pool-shared")));
        assertThat(harness.client().apps().deployments().inNamespace(NS).withName("pooled").get()).isNull();
        assertThat(harness.client().apps().deployments().inNamespace(NS).withName("calendar-pool-shared").get()).isNotNull();
    }

    @Test
    @Order(5)
    void everyCallStaysWithinTheChartsRbacWithRoutesOn() {
        Set<String> used = new TreeSet<>();
        for (RecordedRequest request : harness.allOperatorRequests()) {
            used.add(KubernetesApiUsageTest.permissionFor(request));
        }
        System.out.println("API permissions used with HTTPRoutes on: " + used);
        assertThat(used).isSubsetOf(KubernetesApiUsageTest.chartGrants(true))
                .contains("gateway.networking.k8s.io/httproutes create", "gateway.networking.k8s.io/httproutes delete",
                        "networking.k8s.io/ingresses delete");
    }

    /** An edit, tried again when it races the operator's own status patch (409). */
    private static void setRoute(String name, RouteKind kind) {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            harness.edit(NS, name, instance -> instance.getSpec().setRoute(new RouteSpec(kind, null)));
            return true;
        });
    }

    private static CalendarInstance routedBy(RouteKind kind, CalendarInstance instance) {
        instance.getSpec().setRoute(new RouteSpec(kind, null));
        return instance;
    }

    private static Ingress ingress(String name) {
        return harness.client().network().v1().ingresses().inNamespace(NS).withName(name).get();
    }

    private static HTTPRoute httpRoute(String name) {
        try {
            return harness.client().resources(HTTPRoute.class).inNamespace(NS).withName(name).get();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Optional<Condition> ready(String name) {
        CalendarInstance instance = harness.get(NS, name);
        return instance == null || instance.getStatus() == null ? Optional.empty()
                : instance.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst();
    }

    private static Optional<String> readyReason(String name) {
        return ready(name).map(Condition::getReason);
    }
}
