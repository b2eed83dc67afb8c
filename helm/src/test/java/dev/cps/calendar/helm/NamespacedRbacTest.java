package dev.cps.calendar.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static dev.cps.calendar.helm.RenderedChart.FULLNAME;
import static dev.cps.calendar.helm.RenderedChart.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

/** watchNamespaces: [team-a, team-b]: the operator may act there and nowhere else. */
class NamespacedRbacTest {

    private final RenderedChart chart = RenderedChart.with("namespaced");

    @Test
    void no_cluster_wide_permissions() {
        assertThat(chart.all("ClusterRole")).isEmpty();
        assertThat(chart.all("ClusterRoleBinding")).isEmpty();
    }

    @Test
    void a_role_with_exactly_the_operator_permissions_in_each_watched_namespace_only() {
        assertThat(chart.all("Role").stream().filter(r -> r.at("/metadata/name").asText().equals(FULLNAME)))
                .extracting(r -> r.at("/metadata/namespace").asText())
                .containsExactlyInAnyOrder("team-a", "team-b");
        for (JsonNode role : chart.all("Role")) {
            if (role.at("/metadata/name").asText().equals(FULLNAME)) {
                assertThat(OperatorPermissions.grantedBy(role)).isEqualTo(OperatorPermissions.RECONCILE);
            }
        }
        assertThat(chart.all("RoleBinding").stream().filter(r -> r.at("/metadata/name").asText().equals(FULLNAME)))
                .allSatisfy(binding -> {
                    assertThat(binding.at("/roleRef/kind").asText()).isEqualTo("Role");
                    assertThat(binding.at("/subjects/0/name").asText()).isEqualTo(FULLNAME);
                    assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo(NAMESPACE);
                })
                .extracting(r -> r.at("/metadata/namespace").asText())
                .containsExactlyInAnyOrder("team-a", "team-b");
    }

    @Test
    void the_lease_role_stays_in_the_lease_namespace() {
        JsonNode leaseRole = chart.get("Role", FULLNAME + "-leader-election");

        assertThat(leaseRole.at("/metadata/namespace").asText()).isEqualTo(NAMESPACE);
        assertThat(OperatorPermissions.grantedBy(leaseRole)).isEqualTo(OperatorPermissions.LEADER_ELECTION);
    }

    @Test
    void the_operator_is_told_which_namespaces_to_watch_and_runs_two_replicas_with_a_leader() {
        assertThat(chart.operatorEnvValue("WATCH_NAMESPACES")).isEqualTo("team-a,team-b");
        assertThat(chart.operatorDeployment().at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(chart.operatorEnvValue("LEADER_ELECTION")).isEqualTo("true");
        assertThat(chart.operatorEnvValue("LEADER_ELECTION_NAMESPACE")).isEqualTo(NAMESPACE);
    }
}
