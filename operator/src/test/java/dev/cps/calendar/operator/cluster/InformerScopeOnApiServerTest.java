package dev.cps.calendar.operator.cluster;

import dev.cps.calendar.operator.CalendarOperator;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.dependentresource.AccessSecretDependentResource;
import dev.cps.calendar.operator.dependentresource.AppDeploymentDependentResource;
import dev.cps.calendar.operator.dependentresource.ManagedLabels;
import dev.cps.calendar.operator.dependentresource.RedisSecretDependentResource;
import dev.cps.calendar.operator.reconciler.CalendarInstanceReconciler;
import dev.cps.calendar.operator.testing.Calendars;
import dev.cps.calendar.testing.kube.KubeControlPlane;
import dev.cps.calendar.testing.kube.KubeControlPlaneExtension;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.source.informer.ManagedInformerEventSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The informers of the children watch only objects with the operator's managed-by label (the
 * Keycloak operator's way): a cluster's other Secrets and Deployments never enter the operator's
 * caches, so its memory does not grow with them (bench/run.sh operator measures the heap with 5,000).
 */
@ExtendWith(KubeControlPlaneExtension.class)
class InformerScopeOnApiServerTest {

    private static final String NS = "informer-scope";
    private static ClusterOperator operator;
    private static CalendarOperator running;

    @BeforeAll
    static void install(KubeControlPlane cluster) {
        operator = ClusterOperator.install(cluster, RenderedChart.DEFAULTS, List.of(NS), Map.of());
        running = operator.startOperator("operator");
    }

    @AfterAll
    static void remove() {
        operator.close();
    }

    @Test
    void anUnrelatedSecretAndDeploymentAreNotInTheOperatorsCachesButItsChildrenAre() {
        operator.admin().resource(secret("helm-release-secret", Map.of(ManagedLabels.MANAGED_BY, "Helm"))).create();
        operator.admin().resource(deployment("someone-elses-app")).create();
        operator.create(Calendars.jackAndBonnie(NS, "scoped"));

        await().atMost(Duration.ofSeconds(30)).until(() -> cachedNames(Deployment.class).contains(AppDeploymentDependentResource.name("scoped"))
                && cachedNames(Secret.class).containsAll(List.of(RedisSecretDependentResource.name("scoped"),
                AccessSecretDependentResource.name("scoped"))));

        assertThat(cachedNames(Secret.class)).doesNotContain("helm-release-secret");
        assertThat(cachedNames(Deployment.class)).doesNotContain("someone-elses-app");
        assertThat(operator.admin().secrets().inNamespace(NS).withName("helm-release-secret").get())
                .as("it is in the cluster, only not in the operator's cache").isNotNull();
    }

    @Test
    void theLabelIsWhatLetsAnObjectIn() {
        operator.admin().resource(secret("labelled-later", Map.of())).create();
        operator.create(Calendars.jackAndBonnie(NS, "marker"));
        await().atMost(Duration.ofSeconds(30)).until(() -> cachedNames(Secret.class).contains(RedisSecretDependentResource.name("marker")));
        assertThat(cachedNames(Secret.class)).doesNotContain("labelled-later");

        operator.admin().secrets().inNamespace(NS).withName("labelled-later").edit(s -> {
            s.getMetadata().setLabels(Map.of(ManagedLabels.MANAGED_BY, ManagedLabels.OPERATOR));
            return s;
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> cachedNames(Secret.class).contains("labelled-later"));
    }

    /** What the operator's informers for {@code kind} hold in this test's namespace. */
    @SuppressWarnings("unchecked")
    private static <R extends HasMetadata> Set<String> cachedNames(Class<R> kind) {
        var controller = (Controller<CalendarInstance>) running.operator().getRegisteredController(CalendarInstanceReconciler.NAME).orElseThrow();
        var sources = controller.getEventSourceManager().getEventSourcesFor(kind);
        assertThat(sources).as("informers of %s", kind.getSimpleName()).isNotEmpty();
        return sources.stream()
                .flatMap(source -> ((ManagedInformerEventSource<R, CalendarInstance, ?>) source).list(NS, r -> true))
                .map(r -> r.getMetadata().getName())
                .collect(Collectors.toSet());
    }

    private static Secret secret(String name, Map<String, String> labels) {
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS).withLabels(labels).endMetadata()
                .addToStringData("token", "not the operator's").build();
    }

    private static Deployment deployment(String name) {
        Map<String, String> labels = Map.of("app", name);
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(NS).withLabels(labels).endMetadata()
                .withNewSpec().withReplicas(0).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage("registry.example/app:1").endContainer()
                .endSpec().endTemplate().endSpec().build();
    }
}
