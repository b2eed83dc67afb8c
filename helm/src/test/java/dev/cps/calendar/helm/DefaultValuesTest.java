package dev.cps.calendar.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.cps.calendar.helm.RenderedChart.FULLNAME;
import static dev.cps.calendar.helm.RenderedChart.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** `helm install calendar helm/calendar-operator -n calendar-system` with nothing set. */
class DefaultValuesTest {

    private final RenderedChart chart = RenderedChart.withDefaults();

    @Test
    void renders_the_operator_and_its_permissions_and_nothing_optional() {
        assertThat(chart.objects())
                .extracting(o -> o.path("kind").asText() + "/" + o.at("/metadata/name").asText())
                .containsExactlyInAnyOrder(
                        "ServiceAccount/" + FULLNAME,
                        "ClusterRole/" + FULLNAME,
                        "ClusterRoleBinding/" + FULLNAME,
                        "Role/" + FULLNAME + "-leader-election",
                        "RoleBinding/" + FULLNAME + "-leader-election",
                        "Deployment/" + FULLNAME);
    }

    @Test
    void the_operator_runs_under_the_restricted_pod_security_standard() {
        RestrictedPodSecurity.assertRestricted(chart.operatorDeployment());

        JsonNode pod = chart.operatorDeployment().at("/spec/template/spec");
        assertThat(pod.at("/securityContext/runAsUser").asInt()).as("the image's user").isEqualTo(10001);
        assertThat(pod.path("serviceAccountName").asText()).isEqualTo(FULLNAME);
        assertThat(pod.at("/containers/0/volumeMounts/0/mountPath").asText())
                .as("a writable /tmp beside the read-only root").isEqualTo("/tmp");
    }

    @Test
    void probes_and_resources_are_set() {
        JsonNode container = chart.operatorContainer();

        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/healthz");
        assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("http-metrics");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8081);
        assertThat(container.at("/ports/0/name").asText()).isEqualTo("http-metrics");
        assertThat(container.at("/resources/requests/memory").asText()).isEqualTo("192Mi");
        assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("384Mi");
    }

    @Test
    void the_operator_gets_its_settings_from_the_values() {
        assertThat(chart.operatorContainer().at("/image").asText()).isEqualTo("ghcr.io/cps-dev/calendar-operator:0.1.0");
        assertThat(Map.of(
                "REDIS_URL", chart.operatorEnvValue("REDIS_URL"),
                "REDIS_USERNAME", chart.operatorEnvValue("REDIS_USERNAME"),
                "BASE_DOMAIN", chart.operatorEnvValue("BASE_DOMAIN"),
                "INGRESS_CLASS", chart.operatorEnvValue("INGRESS_CLASS"),
                "TLS_ISSUER", chart.operatorEnvValue("TLS_ISSUER"),
                "INSTANCE_IMAGE", chart.operatorEnvValue("INSTANCE_IMAGE"),
                "WATCH_NAMESPACES", chart.operatorEnvValue("WATCH_NAMESPACES"),
                "USE_SSA", chart.operatorEnvValue("USE_SSA"),
                "LEADER_ELECTION", chart.operatorEnvValue("LEADER_ELECTION"),
                "LEADER_ELECTION_NAMESPACE", chart.operatorEnvValue("LEADER_ELECTION_NAMESPACE")))
                .containsOnly(
                        entry("REDIS_URL", "redis://redis:6379"),
                        entry("REDIS_USERNAME", "default"),
                        entry("BASE_DOMAIN", "calendar.example.com"),
                        entry("INGRESS_CLASS", ""),
                        entry("TLS_ISSUER", ""),
                        entry("INSTANCE_IMAGE", "ghcr.io/cps-dev/calendar-instance-app:0.1.0"),
                        entry("WATCH_NAMESPACES", ""),
                        entry("USE_SSA", "false"),
                        entry("LEADER_ELECTION", "true"),
                        entry("LEADER_ELECTION_NAMESPACE", NAMESPACE));
        assertThat(chart.operatorEnvValue("INSTANCE_CPU_REQUEST")).isEqualTo("50m");
        assertThat(chart.operatorEnvValue("INSTANCE_MEMORY_REQUEST")).isEqualTo("96Mi");
        assertThat(chart.operatorEnvValue("INSTANCE_CPU_LIMIT")).isEqualTo("500m");
        assertThat(chart.operatorEnvValue("INSTANCE_MEMORY_LIMIT")).isEqualTo("192Mi");
        assertThat(chart.operatorEnvValue("POOL_REPLICAS")).isEqualTo("2");
        assertThat(chart.operatorEnvValue("POOL_MEMBERS_PER_STEP")).isEqualTo("50");
        assertThat(chart.operatorEnvValue("HEALTH_PORT")).isEqualTo("8081");
        assertThat(chart.operatorEnv("REDIS_PASSWORD")).as("no password for an unauthenticated Redis").isEmpty();
        assertThat(chart.operatorEnv("INSTANCE_REDIS_URL")).as("instances use REDIS_URL").isEmpty();
        assertThat(chart.operatorEnv("POD_NAMESPACE").orElseThrow().at("/valueFrom/fieldRef/fieldPath").asText())
                .isEqualTo("metadata.namespace");
    }

    @Test
    void the_cluster_role_grants_exactly_what_the_operator_calls() {
        JsonNode clusterRole = chart.get("ClusterRole", FULLNAME);
        assertThat(OperatorPermissions.grantedBy(clusterRole)).isEqualTo(OperatorPermissions.RECONCILE);

        JsonNode binding = chart.get("ClusterRoleBinding", FULLNAME);
        assertThat(binding.at("/roleRef/name").asText()).isEqualTo(FULLNAME);
        assertThat(binding.at("/subjects/0/name").asText()).isEqualTo(FULLNAME);
        assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo(NAMESPACE);
    }

    @Test
    void leader_election_may_touch_leases_in_its_own_namespace_only() {
        JsonNode role = chart.get("Role", FULLNAME + "-leader-election");

        assertThat(role.at("/metadata/namespace").asText()).isEqualTo(NAMESPACE);
        assertThat(OperatorPermissions.grantedBy(role)).isEqualTo(OperatorPermissions.LEADER_ELECTION);
        assertThat(chart.get("RoleBinding", FULLNAME + "-leader-election").at("/roleRef/name").asText())
                .isEqualTo(FULLNAME + "-leader-election");
    }
}
