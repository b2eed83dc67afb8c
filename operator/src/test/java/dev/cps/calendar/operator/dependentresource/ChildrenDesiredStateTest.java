package dev.cps.calendar.operator.dependentresource;

import dev.cps.calendar.api.AppEnvironment;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.UserSpec;
import dev.cps.calendar.operator.settings.OperatorSettings;
import dev.cps.calendar.operator.testing.Calendars;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each child's desired state, for Jack and Bonnie's calendar "eclipse". */
class ChildrenDesiredStateTest {

    private static final OperatorSettings SETTINGS = OperatorSettings.fromEnvironment(Map.of(
            "REDIS_URL", "redis://admin:secret@redis-master.redis:6379",
            "BASE_DOMAIN", "calendar.example.com"));
    private static final OperatorSettings WITH_TLS = OperatorSettings.fromEnvironment(Map.of(
            "REDIS_URL", "redis://redis-master.redis:6379",
            "INSTANCE_REDIS_URL", "redis://redis.calendars.svc:6380",
            "TLS_ISSUER", "letsencrypt",
            "INGRESS_CLASS", "nginx",
            "INSTANCE_IMAGE", "registry.example.com/calendar:1.2.3",
            "INSTANCE_CPU_LIMIT", "1"));

    private final CalendarInstance eclipse = Calendars.jackAndBonnie("team-a", "eclipse");

    private InstancePlan plan(CalendarInstance instance, OperatorSettings settings) {
        return InstancePlan.of(instance, settings, "calendar-" + instance.slug(), "0123456789abcdef0123456789abcdef");
    }

    @Test
    void theSecretHoldsTheUserPasswordAndTheUrlTheAppConnectsWith() {
        var secret = new RedisSecretDependentResource().desired(eclipse, plan(eclipse, SETTINGS));

        assertThat(secret.getMetadata().getName()).isEqualTo("eclipse-redis");
        assertThat(secret.getMetadata().getNamespace()).isEqualTo("team-a");
        assertThat(secret.getMetadata().getLabels()).isEqualTo(ManagedLabels.of("eclipse"));
        assertThat(decoded(secret.getData())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "username", "calendar-eclipse",
                "password", "0123456789abcdef0123456789abcdef",
                "redis-url", "redis://calendar-eclipse:0123456789abcdef0123456789abcdef@redis-master.redis:6379"));
        assertThat(secret.getStringData()).isNullOrEmpty();
        assertThat(RedisSecretDependentResource.passwordIn(secret)).contains("0123456789abcdef0123456789abcdef");
    }

    @Test
    void theAccessSecretHoldsThePasscodesSessionKeyAndFeedTokenAsDataOwnedAndLabelled() {
        var data = new dev.cps.calendar.operator.access.AccessSecretData(java.util.Optional.of("k7mq-x2fp-9wdr-hb4e"),
                java.util.Optional.empty(), "c2Vzc2lvbi1rZXk=", "ZmVlZC10b2tlbg", java.util.Optional.of("2026-12-02"));
        var secret = new AccessSecretDependentResource().desired(eclipse,
                plan(eclipse, SETTINGS).withAccessSecret(java.util.Optional.of(data)));

        assertThat(secret.getMetadata().getName()).isEqualTo("eclipse-access");
        assertThat(secret.getMetadata().getLabels()).isEqualTo(ManagedLabels.of("eclipse"));
        assertThat(decoded(secret.getData())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "passcode", "k7mq-x2fp-9wdr-hb4e", "session-key", "c2Vzc2lvbi1rZXk=", "feed-token", "ZmVlZC10b2tlbg",
                "feed-token-rotation", "2026-12-02"));
        assertThat(secret.getStringData()).isNullOrEmpty();
    }

    @Test
    void theAppsRedisUrlUsesTheInstanceRedisAddressWhenOneIsSet() {
        var secret = new RedisSecretDependentResource().desired(eclipse, plan(eclipse, WITH_TLS));
        assertThat(decoded(secret.getData()).get("redis-url")).endsWith("@redis.calendars.svc:6380");
    }

    @Test
    void theDeploymentRunsTheAppLockedDownWithProbesAndResources() {
        Deployment deployment = new AppDeploymentDependentResource().desired(eclipse, plan(eclipse, SETTINGS));

        assertThat(deployment.getMetadata().getName()).isEqualTo("eclipse");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(ManagedLabels.selector("eclipse"));
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(ManagedLabels.selector("eclipse"));
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getVolumes()).singleElement().satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());

        Container app = pod.getContainers().get(0);
        assertThat(app.getImage()).isEqualTo(OperatorSettings.DEFAULT_INSTANCE_IMAGE);
        assertThat(app.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
                .containsExactly("http:8080", "metrics:9090");
        assertThat(app.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(app.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(app.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(app.getVolumeMounts()).singleElement().satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        assertThat(app.getReadinessProbe().getHttpGet().getPath()).isEqualTo(AppEnvironment.HEALTH_PATH);
        assertThat(app.getLivenessProbe().getHttpGet().getPath()).isEqualTo(AppEnvironment.HEALTH_PATH);
        assertThat(app.getResources().getRequests()).isEqualTo(Map.of("cpu", new Quantity("50m"), "memory", new Quantity("96Mi")));
        assertThat(app.getResources().getLimits()).isEqualTo(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("192Mi")));

        assertThat(app.getEnv()).extracting(EnvVar::getName).containsExactlyInAnyOrder("INSTANCE_SLUG", "PORT", "METRICS_PORT", "REDIS_URL");
        assertThat(env(app, "INSTANCE_SLUG").getValue()).isEqualTo("eclipse");
        assertThat(env(app, "PORT").getValue()).isEqualTo("8080");
        assertThat(env(app, "METRICS_PORT").getValue()).isEqualTo("9090");
        var redisUrl = env(app, "REDIS_URL").getValueFrom().getSecretKeyRef();
        assertThat(redisUrl.getName()).isEqualTo("eclipse-redis");
        assertThat(redisUrl.getKey()).isEqualTo("redis-url");
        assertThat(deployment.toString()).doesNotContain("0123456789abcdef0123456789abcdef");
    }

    @Test
    void replicasFollowTheSpecAndASuspendedCalendarHasNone() {
        eclipse.getSpec().setReplicas(3);
        assertThat(new AppDeploymentDependentResource().desired(eclipse, plan(eclipse, SETTINGS)).getSpec().getReplicas()).isEqualTo(3);

        eclipse.getSpec().setSuspended(true);
        assertThat(new AppDeploymentDependentResource().desired(eclipse, plan(eclipse, SETTINGS)).getSpec().getReplicas()).isZero();
    }

    @Test
    void editingTitleUsersAndColorsLeavesThePodTemplateAsItIs() {
        var before = new AppDeploymentDependentResource().desired(eclipse, plan(eclipse, SETTINGS)).getSpec().getTemplate();

        eclipse.getSpec().setTitle("Another title");
        eclipse.getSpec().setUsers(List.of(new UserSpec("Clyde", "c"), new UserSpec("Dora", "d"), new UserSpec("Eve", "e")));
        eclipse.getSpec().setTimezone("Australia/Sydney");
        var after = new AppDeploymentDependentResource().desired(eclipse, plan(eclipse, SETTINGS)).getSpec().getTemplate();

        assertThat(after).isEqualTo(before);
    }

    @Test
    void settingsChooseImageAndResources() {
        Container app = new AppDeploymentDependentResource().desired(eclipse, plan(eclipse, WITH_TLS))
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(app.getImage()).isEqualTo("registry.example.com/calendar:1.2.3");
        assertThat(app.getResources().getLimits().get("cpu")).isEqualTo(new Quantity("1"));
    }

    @Test
    void theServiceSendsPort80ToTheAppsHttpPort() {
        var service = new AppServiceDependentResource().desired(eclipse, plan(eclipse, SETTINGS));

        assertThat(service.getMetadata().getName()).isEqualTo("eclipse");
        assertThat(service.getSpec().getSelector()).isEqualTo(ManagedLabels.selector("eclipse"));
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort()).isEqualTo(80);
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
        });
        assertThat(service.toString()).as("no Service port reaches the private metrics port").doesNotContain("metrics", "9090");
    }

    @Test
    void theIngressServesTheDefaultHostWithoutTlsAndKeepsEventStreamsOpen() {
        Ingress ingress = new AppIngressDependentResource().desired(eclipse, plan(eclipse, SETTINGS));

        var rule = ingress.getSpec().getRules().get(0);
        assertThat(rule.getHost()).isEqualTo("eclipse.calendar.example.com");
        var path = rule.getHttp().getPaths().get(0);
        assertThat(path.getPath()).isEqualTo("/");
        assertThat(path.getPathType()).isEqualTo("Prefix");
        assertThat(path.getBackend().getService().getName()).isEqualTo("eclipse");
        assertThat(path.getBackend().getService().getPort().getNumber()).isEqualTo(80);
        assertThat(ingress.getSpec().getTls()).isNullOrEmpty();
        assertThat(ingress.getSpec().getIngressClassName()).isNull();
        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-send-timeout", "3600")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off")
                .doesNotContainKey("cert-manager.io/cluster-issuer");
        assertThat(InstancePlan.urlOf(eclipse, SETTINGS)).isEqualTo("http://eclipse.calendar.example.com");
    }

    @Test
    void withATlsIssuerTheIngressAsksCertManagerForTheHostsCertificate() {
        eclipse.getSpec().setHost("eclipse.customer.example.org");
        Ingress ingress = new AppIngressDependentResource().desired(eclipse, plan(eclipse, WITH_TLS));

        assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("eclipse.customer.example.org");
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getHosts()).containsExactly("eclipse.customer.example.org");
            assertThat(tls.getSecretName()).isEqualTo("eclipse-tls");
        });
        assertThat(ingress.getMetadata().getAnnotations()).containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
        assertThat(InstancePlan.urlOf(eclipse, WITH_TLS)).isEqualTo("https://eclipse.customer.example.org");
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, String> decoded(Map<String, String> data) {
        return data.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                e -> new String(Base64.getDecoder().decode(e.getValue()), StandardCharsets.UTF_8)));
    }
}
