package dev.cps.calendar.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.cps.calendar.helm.RenderedChart.FULLNAME;
import static dev.cps.calendar.helm.RenderedChart.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

/** TLS from cert-manager, a ServiceMonitor, a PodDisruptionBudget and NetworkPolicies, all on. */
class ProductionValuesTest {

    private final RenderedChart chart = RenderedChart.with("production");

    @Test
    void instances_get_tls_from_the_cluster_issuer_and_the_chosen_ingress_class() {
        assertThat(chart.operatorEnvValue("TLS_ISSUER")).isEqualTo("letsencrypt-prod");
        assertThat(chart.operatorEnvValue("INGRESS_CLASS")).isEqualTo("nginx");
        assertThat(chart.operatorEnvValue("BASE_DOMAIN")).isEqualTo("calendars.acme.io");
        assertThat(chart.operatorEnvValue("USE_SSA")).isEqualTo("true");
        assertThat(chart.operatorEnvValue("INSTANCE_IMAGE")).isEqualTo("ghcr.io/cps-dev/calendar-instance-app:0.1.1");
        assertThat(chart.operatorEnvValue("INSTANCE_CPU_LIMIT")).isEqualTo("1");
        assertThat(chart.operatorEnvValue("INSTANCE_MEMORY_REQUEST")).isEqualTo("128Mi");
    }

    @Test
    void prometheus_scrapes_the_metrics_service() {
        JsonNode service = chart.get("Service", FULLNAME + "-metrics");
        assertThat(service.at("/spec/ports/0/name").asText()).isEqualTo("http-metrics");
        assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(8081);
        assertThat(service.at("/spec/selector")).isEqualTo(chart.operatorDeployment().at("/spec/selector/matchLabels"));

        JsonNode monitor = chart.get("ServiceMonitor", FULLNAME);
        assertThat(monitor.at("/apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
        assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http-metrics");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
        assertThat(monitor.at("/spec/selector/matchLabels/app.kubernetes.io~1component").asText()).isEqualTo("metrics");
        assertThat(service.at("/metadata/labels/app.kubernetes.io~1component").asText()).isEqualTo("metrics");
    }

    @Test
    void a_disruption_budget_keeps_one_of_the_two_operators_running() {
        JsonNode budget = chart.get("PodDisruptionBudget", FULLNAME);

        assertThat(budget.at("/spec/minAvailable").asInt()).isEqualTo(1);
        assertThat(budget.at("/spec/selector/matchLabels")).isEqualTo(chart.operatorDeployment().at("/spec/selector/matchLabels"));
        assertThat(chart.operatorDeployment().at("/spec/replicas").asInt()).isEqualTo(2);
    }

    @Test
    void calendar_pods_take_traffic_on_the_app_port_and_scrapes_from_prometheus_only_and_reach_only_redis_and_dns() {
        JsonNode policy = chart.get("NetworkPolicy", FULLNAME + "-instances");

        assertThat(policy.at("/metadata/namespace").asText()).as("where the instances live").isEqualTo("customers");
        assertThat(policy.at("/spec/podSelector/matchLabels/app.kubernetes.io~1name").asText()).isEqualTo("calendar-instance");
        assertThat(policy.at("/spec/podSelector/matchLabels/app.kubernetes.io~1managed-by").asText()).isEqualTo("calendar-operator");
        assertThat(policy.at("/spec/policyTypes")).extracting(JsonNode::asText).containsExactly("Ingress", "Egress");

        JsonNode ingress = policy.at("/spec/ingress");
        assertThat(ingress).hasSize(2);
        assertThat(ingress.at("/0/ports")).extracting(p -> p.path("port").asInt()).containsExactly(8080);
        assertThat(ingress.at("/1/ports")).as("the private metrics port").extracting(p -> p.path("port").asInt()).containsExactly(9090);
        assertThat(ingress.at("/1/from")).as("Prometheus only").singleElement().satisfies(peer ->
                assertThat(peer.at("/podSelector/matchLabels/app.kubernetes.io~1name").asText()).isEqualTo("prometheus"));
        assertThat(ingress.at("/0/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText())
                .isEqualTo("ingress-nginx");
        assertThat(ingress.at("/0/from/1/podSelector/matchLabels"))
                .as("and the operator").isEqualTo(chart.operatorDeployment().at("/spec/selector/matchLabels"));
        assertThat(ingress.at("/0/from/1/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText())
                .isEqualTo(NAMESPACE);

        JsonNode egress = policy.at("/spec/egress");
        assertThat(egress).hasSize(2);
        assertThat(egress.at("/0/ports")).extracting(p -> p.path("port").asInt() + "/" + p.path("protocol").asText())
                .containsExactlyInAnyOrder("53/UDP", "53/TCP");
        assertThat(egress.at("/0/to/0/podSelector/matchLabels/k8s-app").asText()).isEqualTo("kube-dns");
        assertThat(egress.at("/1/ports")).extracting(p -> p.path("port").asInt()).containsExactly(6379);
        assertThat(egress.at("/1/to/0/podSelector/matchLabels"))
                .isEqualTo(chart.get("StatefulSet", FULLNAME + "-redis").at("/spec/selector/matchLabels"));
        assertThat(egress.at("/1/to/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText())
                .isEqualTo(NAMESPACE);
    }

    @Test
    void only_the_operator_and_calendar_pods_reach_the_bundled_redis() {
        JsonNode policy = chart.get("NetworkPolicy", FULLNAME + "-redis");

        assertThat(policy.at("/spec/podSelector/matchLabels"))
                .isEqualTo(chart.get("StatefulSet", FULLNAME + "-redis").at("/spec/selector/matchLabels"));
        List<JsonNode> from = toList(policy.at("/spec/ingress/0/from"));
        assertThat(from).hasSize(2);
        assertThat(from.get(0).path("podSelector").path("matchLabels"))
                .isEqualTo(chart.operatorDeployment().at("/spec/selector/matchLabels"));
        assertThat(from.get(1).at("/podSelector/matchLabels/app.kubernetes.io~1name").asText()).isEqualTo("calendar-instance");
        assertThat(policy.at("/spec/ingress/0/ports/0/port").asInt()).isEqualTo(6379);
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }
}
