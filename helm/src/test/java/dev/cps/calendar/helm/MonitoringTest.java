package dev.cps.calendar.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static dev.cps.calendar.helm.RenderedChart.FULLNAME;
import static dev.cps.calendar.helm.RenderedChart.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

/** The calendar pods' PodMonitor and the Grafana dashboard: opt-in, and shaped the way their consumers pick them up. */
class MonitoringTest {

    private final RenderedChart production = RenderedChart.with("production");

    @Test
    void nothing_of_it_is_rendered_by_default() {
        RenderedChart defaults = RenderedChart.withDefaults();

        assertThat(defaults.all("PodMonitor")).isEmpty();
        assertThat(defaults.all("PrometheusRule")).isEmpty();
        assertThat(defaults.all("GrafanaDashboard")).isEmpty();
        assertThat(defaults.find("ConfigMap", FULLNAME + "-dashboard")).isEmpty();
    }

    @Test
    void the_pod_monitor_scrapes_the_calendar_pods_private_metrics_port() {
        JsonNode monitor = production.get("PodMonitor", FULLNAME + "-instances");

        assertThat(monitor.at("/apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
        assertThat(monitor.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText()).isEqualTo("calendar-instance");
        assertThat(monitor.at("/spec/selector/matchLabels/app.kubernetes.io~1managed-by").asText()).isEqualTo("calendar-operator");
        assertThat(monitor.at("/spec/namespaceSelector/matchNames")).extracting(JsonNode::asText).containsExactly("customers");
        assertThat(monitor.at("/spec/podMetricsEndpoints/0/port").asText()).isEqualTo("metrics");
        assertThat(monitor.at("/spec/podMetricsEndpoints/0/path").asText()).isEqualTo("/metrics");
        assertThat(monitor.at("/spec/jobLabel").asText()).as("job=calendar-instance").isEqualTo("app.kubernetes.io/name");

        JsonNode allNamespaces = RenderedChart.render(RenderedChart.template().set("metrics.podMonitor.enabled", "true"))
                .get("PodMonitor", FULLNAME + "-instances");
        assertThat(allNamespaces.at("/spec/namespaceSelector/any").asBoolean()).isTrue();
    }

    @Test
    void no_service_of_the_chart_exposes_a_metrics_port_of_the_calendar_pods() {
        for (JsonNode service : production.all("Service")) {
            for (JsonNode port : service.at("/spec/ports")) {
                assertThat(port.path("targetPort").asText()).as(service.at("/metadata/name").asText()).isNotEqualTo("metrics");
                assertThat(port.path("port").asInt()).isNotEqualTo(9090);
            }
        }
    }

    @Test
    void the_dashboard_is_a_config_map_for_grafanas_sidecar_and_a_grafana_dashboard_for_its_operator() throws Exception {
        JsonNode map = production.get("ConfigMap", FULLNAME + "-dashboard");
        assertThat(map.at("/metadata/namespace").asText()).isEqualTo(NAMESPACE);
        assertThat(map.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        JsonNode dashboard = new ObjectMapper().readTree(map.at("/data/calendar-operator.json").asText());
        assertThat(dashboard.path("uid").asText()).isEqualTo("calendar-operator");
        assertThat(dashboard.path("panels")).hasSizeGreaterThan(8);

        JsonNode forOperator = production.get("GrafanaDashboard", FULLNAME);
        assertThat(forOperator.at("/apiVersion").asText()).isEqualTo("grafana.integreatly.org/v1beta1");
        assertThat(forOperator.at("/spec/configMapRef/name").asText()).isEqualTo(FULLNAME + "-dashboard");
        assertThat(forOperator.at("/spec/configMapRef/key").asText()).isEqualTo("calendar-operator.json");
        assertThat(forOperator.at("/spec/instanceSelector/matchLabels/dashboards").asText()).isEqualTo("grafana");
    }

    @Test
    void every_dashboard_query_uses_metrics_the_operator_and_the_apps_export() throws Exception {
        Set<String> names = dashboardMetricNames(production);

        assertThat(names).contains("calendar_instance_ready", "operator_sdk_reconciliations_failed_total", "calendar_storage_up",
                "http_server_requests_seconds_count", "calendar_live_streams");
        assertThat(names).allSatisfy(name -> assertThat(name).matches("(calendar|operator_sdk|http_server|jvm)_[a-z_]+"));
    }

    /** Every metric name in the dashboard's panel queries and variables. */
    static Set<String> dashboardMetricNames(RenderedChart chart) throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(chart.get("ConfigMap", FULLNAME + "-dashboard")
                .at("/data/calendar-operator.json").asText());
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panel.path("targets").forEach(target -> queries.add(target.path("expr").asText()));
        }
        for (JsonNode variable : dashboard.at("/templating/list")) {
            String definition = variable.path("definition").asText();
            if (definition.startsWith("label_values(")) {
                queries.add(definition.substring("label_values(".length(), definition.indexOf(',')));
            }
        }
        Set<String> names = new TreeSet<>();
        queries.forEach(query -> names.addAll(AlertsTest.metricNames(query)));
        return names;
    }
}
