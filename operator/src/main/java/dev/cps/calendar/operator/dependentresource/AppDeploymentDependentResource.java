package dev.cps.calendar.operator.dependentresource;

import dev.cps.calendar.api.AppEnvironment;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

import java.util.List;
import java.util.TreeMap;

/**
 * {@code <slug>}: the instance app ({@link CalendarAppPod}). Its pod template depends only on the
 * slug, the operator's settings and the Redis credentials, never on the title, users or colors:
 * those travel through Redis, so editing them does not restart a pod. A Shared calendar has none
 * once its pool serves it ({@link DedicatedServing}).
 */
@KubernetesDependent(informer = @Informer(labelSelector = ManagedLabels.SELECTOR))
public class AppDeploymentDependentResource extends CalendarChildResource<Deployment> {

    public AppDeploymentDependentResource() {
        super(Deployment.class);
    }

    public static String name(String slug) {
        return slug;
    }

    @Override
    public Deployment desired(CalendarInstance instance, InstancePlan plan) {
        String slug = plan.slug();
        int replicas = instance.getSpec().isSuspended() ? 0 : instance.getSpec().replicasOrDefault();
        return new DeploymentBuilder()
                .withMetadata(metadata(instance, name(slug), slug))
                .withNewSpec()
                    .withReplicas(replicas)
                    .withNewSelector().withMatchLabels(new TreeMap<>(ManagedLabels.selector(slug))).endSelector()
                    .withTemplate(CalendarAppPod.template(ManagedLabels.of(slug),
                            List.of(CalendarAppPod.variable(AppEnvironment.INSTANCE_SLUG, slug)),
                            RedisSecretDependentResource.name(slug), plan.redisPassword(), plan.settings(),
                            plan.settings().instanceResources()))
                .endSpec()
                .build();
    }

    @Override
    protected String nameFor(String slug) {
        return name(slug);
    }
}
