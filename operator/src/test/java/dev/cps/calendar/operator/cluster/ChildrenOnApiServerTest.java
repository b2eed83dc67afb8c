package dev.cps.calendar.operator.cluster;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.dependentresource.AppDeploymentDependentResource;
import dev.cps.calendar.operator.dependentresource.AppIngressDependentResource;
import dev.cps.calendar.operator.dependentresource.AppServiceDependentResource;
import dev.cps.calendar.operator.dependentresource.CalendarChildResource;
import dev.cps.calendar.operator.dependentresource.InstancePlan;
import dev.cps.calendar.operator.dependentresource.RedisSecretDependentResource;
import dev.cps.calendar.operator.settings.OperatorSettings;
import dev.cps.calendar.operator.testing.Calendars;
import dev.cps.calendar.testing.kube.KubeControlPlane;
import dev.cps.calendar.testing.kube.KubeControlPlaneExtension;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.zjsonpatch.JsonDiff;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesResourceMatcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the API server stores for each child, defaults and all, still matches what the operator
 * wants (JOSDK's matcher, the non-SSA path): otherwise every reconcile would write it again. The
 * mock stores objects as sent, so only a real server shows this.
 */
@ExtendWith(KubeControlPlaneExtension.class)
class ChildrenOnApiServerTest {

    private static final String NAMESPACE = "children";
    private static final Map<String, String> PRODUCTION = Map.of(
            "REDIS_URL", "redis://redis-master.redis:6379",
            "TLS_ISSUER", "letsencrypt",
            "INGRESS_CLASS", "nginx",
            "INSTANCE_CPU_LIMIT", "1",
            "INSTANCE_MEMORY_REQUEST", "0.125Gi");
    private static KubernetesClient admin;

    @BeforeAll
    static void namespace(KubeControlPlane cluster) {
        cluster.ensureNamespace(NAMESPACE);
        admin = cluster.admin();
    }

    static Stream<CalendarChildResource<?>> children() {
        return Stream.of(new RedisSecretDependentResource(), new AppDeploymentDependentResource(),
                new AppServiceDependentResource(), new AppIngressDependentResource());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("children")
    void whatTheServerStoresMatchesWhatTheOperatorWants(CalendarChildResource<?> child) {
        for (Map<String, String> environment : List.of(Map.<String, String>of(), PRODUCTION)) {
            CalendarInstance instance = Calendars.jackAndBonnie(NAMESPACE, "match-" + environment.size());
            var settings = OperatorSettings.fromEnvironment(environment);
            HasMetadata desired = child.desired(instance, InstancePlan.of(instance, settings, "calendar-x", "0123456789abcdef"));
            HasMetadata stored = admin.resource(desired).create();

            var result = GenericKubernetesResourceMatcher.match(desired, stored, true, false, contextWith(admin));
            assertThat(result.matched()).as(desired.getKind() + " with " + environment + ": what the server changed: "
                    + changes(desired, stored)).isTrue();
            admin.resource(stored).delete();
        }
    }

    @org.junit.jupiter.api.Test
    void whatTheServerStoresForAPoolMatchesWhatTheOperatorWants() {
        for (Map<String, String> environment : List.of(Map.<String, String>of(), PRODUCTION)) {
            var pool = dev.cps.calendar.api.PoolKeys.of(NAMESPACE, "match-" + environment.size());
            var settings = OperatorSettings.fromEnvironment(environment);
            CalendarInstance member = Calendars.jackAndBonnie(NAMESPACE, "member");
            member.getMetadata().setUid("00000000-0000-0000-0000-000000000001");
            var deployment = dev.cps.calendar.operator.pool.PoolObjects.deployment(pool, List.of(member), "0123456789abcdef", settings);
            var storedDeployment = admin.resource(deployment).create();
            List<HasMetadata> desired = List.of(deployment,
                    dev.cps.calendar.operator.pool.PoolObjects.service(pool, storedDeployment),
                    dev.cps.calendar.operator.pool.PoolObjects.secret(pool, storedDeployment, "0123456789abcdef", settings));
            for (HasMetadata object : desired) {
                HasMetadata stored = object == deployment ? storedDeployment : admin.resource(object).create();
                var result = GenericKubernetesResourceMatcher.match(object, stored, false, false, contextWith(admin));
                assertThat(result.matched()).as(object.getKind() + " of a pool with " + environment + ": what the server changed: "
                        + changes(object, stored)).isTrue();
                assertThat(stored.getMetadata().getOwnerReferences()).as("the owners as sent")
                        .isEqualTo(object.getMetadata().getOwnerReferences());
            }
            admin.resource(storedDeployment).delete();
        }
    }

    /** What the server removed or replaced of the desired object (what it added is defaults, and fine). */
    private static List<String> changes(HasMetadata desired, HasMetadata stored) {
        List<String> changes = new java.util.ArrayList<>();
        JsonDiff.asJson(json(desired), json(stored)).forEach(op -> {
            if (!op.path("op").asText().equals("add")) {
                changes.add(op.toString());
            }
        });
        return changes;
    }

    private static com.fasterxml.jackson.databind.JsonNode json(HasMetadata object) {
        return admin.getKubernetesSerialization().convertValue(object, com.fasterxml.jackson.databind.JsonNode.class);
    }

    /** The matcher needs only the client (for its serialization) from the reconcile's context. */
    @SuppressWarnings("unchecked")
    private static Context<CalendarInstance> contextWith(KubernetesClient client) {
        return (Context<CalendarInstance>) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getClient")) {
                        return client;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
