package dev.cps.calendar.operator.cluster;

import dev.cps.calendar.operator.customresource.Phase;
import dev.cps.calendar.operator.testing.Calendars;
import dev.cps.calendar.testing.kube.AuditEvent;
import dev.cps.calendar.testing.kube.KubeControlPlane;
import dev.cps.calendar.testing.kube.KubeControlPlaneExtension;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole chart, rendered with each value set of the chart tests, is valid for the real API (a
 * server-side dry run of every object it renders); and the operator works with only the RBAC the
 * chart renders when it watches named namespaces (Roles, no ClusterRole) as well as cluster-wide
 * (the lifecycle tests).
 */
@ExtendWith(KubeControlPlaneExtension.class)
class ChartOnApiServerTest {

    /** Kinds from CRDs this cluster does not have (the Prometheus and Grafana operators'); all else must be served. */
    private static final Set<String> FROM_OTHER_OPERATORS = Set.of("ServiceMonitor", "PodMonitor", "PrometheusRule", "GrafanaDashboard");

    static List<String> valueSets() throws Exception {
        return RenderedChart.valueSets();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyObjectTheChartRendersIsValidForTheApiServer(String valueSet, KubeControlPlane cluster) {
        RenderedChart chart = RenderedChart.render(valueSet, cluster.kubernetesVersion());
        cluster.ensureNamespace(RenderedChart.NAMESPACE);
        List<String> refused = new ArrayList<>();
        int checked = 0;
        for (HasMetadata object : chart.objects()) {
            if (FROM_OTHER_OPERATORS.contains(object.getKind())) {
                continue;
            }
            if (object.getMetadata().getNamespace() == null && isNamespaced(object)) {
                object.getMetadata().setNamespace(RenderedChart.NAMESPACE);
            }
            if (object.getMetadata().getNamespace() != null) {
                cluster.ensureNamespace(object.getMetadata().getNamespace()); // the watched namespaces exist before an install
            }
            try {
                cluster.admin().resource(object).dryRun().forceConflicts().serverSideApply();
                checked++;
            } catch (KubernetesClientException e) {
                refused.add(object.getKind() + "/" + object.getMetadata().getName() + ": " + e.getMessage());
            }
        }
        assertThat(refused).as(valueSet).isEmpty();
        assertThat(checked).as(valueSet + ": objects checked").isGreaterThanOrEqualTo(7);
    }

    @Test
    void withWatchNamespacesTheOperatorWorksOnTheChartsRolesAlone(KubeControlPlane cluster) {
        RenderedChart chart = RenderedChart.render("namespaced", cluster.kubernetesVersion());
        assertThat(chart.objects()).as("namespaced: no ClusterRole for the operator's work")
                .noneMatch(o -> o.getKind().equals("ClusterRole") && o.getMetadata().getName().equals(RenderedChart.SERVICE_ACCOUNT));
        try (ClusterOperator operator = ClusterOperator.install(cluster, "namespaced", List.of("team-a", "team-b", "team-z"),
                Map.of())) {
            long mark = operator.audit().mark();
            operator.startOperator("operator");
            operator.create(Calendars.jackAndBonnie("team-a", "scoped"));
            operator.create(Calendars.jackAndBonnie("team-z", "unwatched"));
            operator.reportReady("team-a", "scoped", 1);
            await().atMost(Duration.ofSeconds(45)).until(() -> operator.get("team-a", "scoped").getStatus(),
                    s -> s != null && s.getPhase() == Phase.Active);

            assertThat(operator.get("team-z", "unwatched").getStatus()).as("a namespace not watched is left alone").isNull();
            List<AuditEvent> forbidden = operator.operatorRequests(mark).stream().filter(AuditEvent::isForbidden).toList();
            assertThat(forbidden).as("requests the chart's Roles refused").isEmpty();
        }
    }

    private static boolean isNamespaced(HasMetadata object) {
        return !Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition").contains(object.getKind());
    }
}
