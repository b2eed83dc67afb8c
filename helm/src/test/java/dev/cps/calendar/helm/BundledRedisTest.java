package dev.cps.calendar.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static dev.cps.calendar.helm.RenderedChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;

/** redis.enabled: a small Redis of the release's own, with ACLs and an append-only file on a PVC. */
class BundledRedisTest {

    private static final String REDIS = FULLNAME + "-redis";

    private final RenderedChart chart = RenderedChart.with("bundled-redis");

    @Test
    void a_single_redis_with_append_only_persistence_on_a_volume_claim() {
        JsonNode statefulSet = chart.get("StatefulSet", REDIS);

        assertThat(statefulSet.at("/spec/replicas").asInt()).isEqualTo(1);
        JsonNode claim = statefulSet.at("/spec/volumeClaimTemplates/0");
        assertThat(claim.at("/metadata/name").asText()).isEqualTo("data");
        assertThat(claim.at("/spec/resources/requests/storage").asText()).isEqualTo("2Gi");
        assertThat(claim.at("/spec/storageClassName").asText()).isEqualTo("fast-ssd");
        JsonNode redis = statefulSet.at("/spec/template/spec/containers/0");
        assertThat(redis.at("/image").asText()).isEqualTo("docker.io/library/redis:7.4-alpine");
        assertThat(redis.path("command")).extracting(JsonNode::asText)
                .containsExactly("redis-server", "/etc/redis/redis.conf");
        assertThat(redis.path("volumeMounts")).extracting(m -> m.path("mountPath").asText())
                .contains("/data", "/etc/redis");

        String conf = chart.get("ConfigMap", REDIS).at("/data/redis.conf").asText();
        assertThat(conf.lines()).contains("appendonly yes", "aclfile /data/users.acl", "dir /data", "maxmemory-policy noeviction");
    }

    @Test
    void acls_are_on_with_the_admin_password_from_a_generated_secret() {
        JsonNode secret = chart.get("Secret", REDIS);
        String password = new String(Base64.getDecoder().decode(secret.at("/data/password").asText()));
        assertThat(password).hasSize(32).matches("[A-Za-z0-9]+");

        JsonNode init = chart.get("StatefulSet", REDIS).at("/spec/template/spec/initContainers/0");
        assertThat(init.path("command")).extracting(JsonNode::asText).containsExactly("sh", "/etc/redis/init-acl.sh");
        assertThat(init.path("env").findValue("secretKeyRef").path("name").asText()).isEqualTo(REDIS);
        String initAcl = chart.get("ConfigMap", REDIS).at("/data/init-acl.sh").asText();
        assertThat(initAcl).contains("user ${REDIS_USERNAME} on #${hash} ~* &* +@all", "sha256sum");
    }

    @Test
    void redis_runs_under_the_restricted_pod_security_standard() {
        RestrictedPodSecurity.assertRestricted(chart.get("StatefulSet", REDIS));
        assertThat(chart.get("StatefulSet", REDIS).at("/spec/template/spec/automountServiceAccountToken").asBoolean(true))
                .as("redis needs no API token").isFalse();
    }

    @Test
    void the_operator_is_pointed_at_it_by_a_name_other_namespaces_resolve() {
        assertThat(chart.operatorEnvValue("REDIS_URL"))
                .isEqualTo("redis://" + REDIS + ".calendar-system.svc.cluster.local:6379");
        assertThat(chart.operatorEnvValue("REDIS_USERNAME")).isEqualTo("default");
        JsonNode password = chart.operatorEnv("REDIS_PASSWORD").orElseThrow();
        assertThat(password.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo(REDIS);
        assertThat(password.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("password");

        JsonNode service = chart.get("Service", REDIS);
        assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(6379);
        assertThat(service.at("/spec/selector")).isEqualTo(
                chart.get("StatefulSet", REDIS).at("/spec/selector/matchLabels"));
    }
}
