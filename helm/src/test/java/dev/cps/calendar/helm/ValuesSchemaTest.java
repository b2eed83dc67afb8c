package dev.cps.calendar.helm;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

/** values.schema.json turns a typo into a clear refusal before anything reaches the cluster. */
class ValuesSchemaTest {

    @ParameterizedTest(name = "{0}={1} is refused, naming {2}")
    @CsvSource(delimiter = '|', textBlock = """
            replicaCount                 | two                    | replicaCount
            tls.type                     | letsencrypt            | tls/type
            baseDomain                   | Calendar_Example!.com  | baseDomain
            baseDomain                   | https://calendar.io    | baseDomain
            redis.url                    | localhost:6379         | redis/url
            watchNamespaces[0]           | Team_A                 | watchNamespaces/0
            instance.resources.limits.memory | lots               | instance/resources/limits/memory
            leaderElection.enabled       | maybe                  | leaderElection/enabled
            replicasCount                | 2                      | replicasCount
            """)
    void a_wrong_value_is_refused_with_its_path(String key, String value, String path) {
        assertThatThrownBy(() -> RenderedChart.template().set(key, value).call())
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(path);
    }

    @Test
    void cert_manager_tls_needs_an_issuer() {
        assertThatThrownBy(() -> RenderedChart.template().set("tls.type", "cert-manager").call())
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("clusterIssuer");
    }

    @Test
    void two_operators_need_a_leader() {
        assertThatThrownBy(() -> RenderedChart.template()
                .set("replicaCount", 2).set("leaderElection.enabled", false).call())
                .hasMessageContaining("replicaCount > 1 needs leaderElection.enabled=true");
    }

    @Test
    void good_values_pass() {
        String manifest = RenderedChart.template()
                .set("baseDomain", "calendar.127.0.0.1.nip.io")
                .set("tls.type", "cert-manager").set("tls.clusterIssuer", "letsencrypt-staging")
                .set("redis.url", "rediss://my-redis.data.svc:6380")
                .set("podDisruptionBudget.minAvailable", "50%")
                .call();
        assertThat(manifest).contains("calendar.127.0.0.1.nip.io", "letsencrypt-staging");
    }
}
