package dev.cps.calendar.operator.settings;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperatorSettingsTest {

    @Test
    void withoutAnyEnvironmentTheDefaultsApply() {
        var settings = OperatorSettings.fromEnvironment(Map.of());

        assertThat(settings.redisUrl().toString()).isEqualTo("redis://localhost:6379");
        assertThat(settings.instanceRedisUrl().toString()).isEqualTo("redis://localhost:6379");
        assertThat(settings.baseDomain()).isEqualTo("calendar.example.com");
        assertThat(settings.ingressClass()).isEmpty();
        assertThat(settings.tlsIssuer()).isEmpty();
        assertThat(settings.tls()).isFalse();
        assertThat(settings.instanceImage()).isEqualTo("ghcr.io/cps-dev/calendar-instance-app:0.1.0");
        assertThat(settings.instanceResources()).isEqualTo(new OperatorSettings.InstanceResources("50m", "96Mi", "500m", "192Mi"));
        assertThat(settings.watchNamespaces()).isEmpty();
        assertThat(settings.useSsa()).isFalse();
        assertThat(settings.leaderElection()).isTrue();
        assertThat(settings.leaderElectionNamespace()).isEmpty();
        assertThat(settings.healthPort()).isEqualTo(8081);
        assertThat(settings.reconcileThreads()).isEqualTo(50);
    }

    @Test
    void everySettingComesFromItsVariable() {
        var settings = OperatorSettings.fromEnvironment(Map.ofEntries(
                Map.entry("REDIS_URL", "redis://redis-master.redis.svc:6380"),
                Map.entry("REDIS_USERNAME", "operator"),
                Map.entry("REDIS_PASSWORD", "s3cret"),
                Map.entry("INSTANCE_REDIS_URL", "redis-for-apps.redis.svc:6390"),
                Map.entry("BASE_DOMAIN", "cal.example.org"),
                Map.entry("INGRESS_CLASS", "nginx"),
                Map.entry("TLS_ISSUER", "letsencrypt-prod"),
                Map.entry("INSTANCE_IMAGE", "registry.example.org/app:2"),
                Map.entry("INSTANCE_CPU_REQUEST", "100m"),
                Map.entry("INSTANCE_MEMORY_REQUEST", "128Mi"),
                Map.entry("INSTANCE_CPU_LIMIT", "1"),
                Map.entry("INSTANCE_MEMORY_LIMIT", "256Mi"),
                Map.entry("WATCH_NAMESPACES", " team-a, team-b ,,"),
                Map.entry("USE_SSA", "true"),
                Map.entry("LEADER_ELECTION", "false"),
                Map.entry("POD_NAMESPACE", "calendar-system"),
                Map.entry("HEALTH_PORT", "9090"),
                Map.entry("RECONCILE_THREADS", "8")));

        assertThat(settings.redisUsername()).contains("operator");
        assertThat(settings.redisPassword()).contains("s3cret");
        assertThat(settings.instanceRedisUrl().toString()).isEqualTo("redis://redis-for-apps.redis.svc:6390");
        assertThat(settings.instanceRedisUrl("calendar-x", "pw")).isEqualTo("redis://calendar-x:pw@redis-for-apps.redis.svc:6390");
        assertThat(settings.baseDomain()).isEqualTo("cal.example.org");
        assertThat(settings.ingressClass()).contains("nginx");
        assertThat(settings.tlsIssuer()).contains("letsencrypt-prod");
        assertThat(settings.instanceResources()).isEqualTo(new OperatorSettings.InstanceResources("100m", "128Mi", "1", "256Mi"));
        assertThat(settings.watchNamespaces()).isEqualTo(Set.of("team-a", "team-b"));
        assertThat(settings.useSsa()).isTrue();
        assertThat(settings.leaderElection()).isFalse();
        assertThat(settings.leaderElectionNamespace()).isEqualTo(Optional.of("calendar-system"));
        assertThat(settings.healthPort()).isEqualTo(9090);
        assertThat(settings.reconcileThreads()).isEqualTo(8);
    }

    @Test
    void aThreadCountBelowOneIsRefusedByName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("RECONCILE_THREADS", "0")))
                .hasMessage("RECONCILE_THREADS must be a whole number of at least 1, got \"0\"");
    }

    @Test
    void theAppsRedisAddressDefaultsToTheAdminOneWithoutItsCredentials() {
        var settings = OperatorSettings.fromEnvironment(Map.of("REDIS_URL", "redis://admin:pw@redis.redis.svc:6379/0"));
        assertThat(settings.instanceRedisUrl().toString()).isEqualTo("redis://redis.redis.svc:6379");
    }

    @Test
    void aRedisClusterUrlGivesTheAppsTheSameSeedNodesWithTheirOwnUser() {
        var settings = OperatorSettings.fromEnvironment(Map.of("REDIS_URL", "redis-cluster://admin:pw@redis-0.redis:6379,redis-1.redis:6379"));
        assertThat(settings.redisUrl().cluster()).isTrue();
        assertThat(settings.instanceRedisUrl("calendar-x", "pw2"))
                .isEqualTo("redis-cluster://calendar-x:pw2@redis-0.redis:6379,redis-1.redis:6379");
        assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("INSTANCE_REDIS_URL", "redis-cluster://a:1,,b:2")))
                .hasMessageContaining("INSTANCE_REDIS_URL has an empty host");
    }

    @Test
    void anExplicitLeaseNamespaceWinsOverThePodsNamespace() {
        var settings = OperatorSettings.fromEnvironment(Map.of("LEADER_ELECTION_NAMESPACE", "leases", "POD_NAMESPACE", "calendar-system"));
        assertThat(settings.leaderElectionNamespace()).contains("leases");
    }

    @Test
    void aRedisUrlThatIsNotOneIsRefusedWithItsName() {
        assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("REDIS_URL", "http://example.com")))
                .hasMessageContaining("REDIS_URL");
    }
}
