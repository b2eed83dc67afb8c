package dev.cps.calendar.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static dev.cps.calendar.helm.RenderedChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Gateway API routes: the operator's settings, and the httproutes grant only when they are on. */
class RoutesTest {

    @Test
    void ingress_is_the_default_and_httproutes_are_not_granted() {
        RenderedChart chart = RenderedChart.withDefaults();

        assertThat(chart.operatorEnvValue("ROUTE_KIND")).isEqualTo("Ingress");
        assertThat(chart.operatorEnv("GATEWAY_NAME")).isEmpty();
        assertThat(OperatorPermissions.grantedBy(chart.get("ClusterRole", FULLNAME))).doesNotContainKey("gateway.networking.k8s.io/httproutes");
    }

    @Test
    void with_a_gateway_the_operator_gets_it_and_may_manage_httproutes() {
        RenderedChart chart = RenderedChart.with("routes");

        assertThat(chart.operatorEnvValue("ROUTE_KIND")).isEqualTo("HTTPRoute");
        assertThat(chart.operatorEnvValue("GATEWAY_NAME")).isEqualTo("public");
        assertThat(chart.operatorEnvValue("GATEWAY_NAMESPACE")).isEqualTo("gateways");
        assertThat(chart.operatorEnvValue("GATEWAY_SECTION")).isEqualTo("https");
        assertThat(OperatorPermissions.grantedBy(chart.get("ClusterRole", FULLNAME))).isEqualTo(OperatorPermissions.reconcile(true));
    }

    @Test
    void namespaced_installs_grant_httproutes_in_each_watched_namespace() {
        RenderedChart chart = RenderedChart.render(RenderedChart.template()
                .withValuesFile(RenderedChart.VALUES.resolve("namespaced.yaml"))
                .set("route.gateway.name", "public"));

        assertThat(chart.all("ClusterRole")).isEmpty();
        assertThat(chart.all("Role")).filteredOn(role -> role.at("/metadata/name").asText().equals(FULLNAME))
                .hasSize(2)
                .allSatisfy(role -> assertThat(OperatorPermissions.grantedBy(role)).isEqualTo(OperatorPermissions.reconcile(true)));
        assertThat(chart.operatorEnvValue("ROUTE_KIND")).as("Ingress stays the default; calendars may choose HTTPRoute").isEqualTo("Ingress");
    }

    @Test
    void the_schema_refuses_an_httproute_default_without_a_gateway_and_unknown_kinds() {
        assertThatThrownBy(() -> RenderedChart.template().set("route.kind", "HTTPRoute").call())
                .hasMessageContaining("route");
        assertThatThrownBy(() -> RenderedChart.template().set("route.kind", "Gateway").call())
                .hasMessageContaining("route/kind");
    }

    @Test
    void no_route_of_the_chart_exposes_the_operators_metrics() {
        for (JsonNode object : RenderedChart.with("routes").objects()) {
            assertThat(object.path("kind").asText()).isNotIn("Ingress", "HTTPRoute");
        }
    }
}
