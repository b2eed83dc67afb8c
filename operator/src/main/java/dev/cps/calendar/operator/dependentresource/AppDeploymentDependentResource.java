package dev.cps.calendar.operator.dependentresource;

import dev.cps.calendar.api.AppEnvironment;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.settings.OperatorSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code <slug>}: the instance app. Its pod template depends only on the slug, the operator's
 * settings and the Redis credentials, never on the title, users or colors: those travel through
 * Redis, so editing them does not restart a pod.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ManagedLabels.SELECTOR))
public class AppDeploymentDependentResource extends CalendarChildResource<Deployment> {

    public static final String CONTAINER = "app";
    public static final String HTTP = "http";
    /** The private metrics port: the PodMonitor scrapes it by this name; no Service port points at it. */
    public static final String METRICS = "metrics";
    public static final long RUN_AS_USER = 10001L;
    /** Changes only when the Redis password does, so pods pick up new credentials by a rollout. */
    public static final String CREDENTIALS_ANNOTATION = "calendar.cps.dev/redis-credentials";

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
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(new TreeMap<>(ManagedLabels.of(slug)))
                            .withAnnotations(Map.of(CREDENTIALS_ANNOTATION, fingerprint(plan.redisPassword())))
                        .endMetadata()
                        .withNewSpec()
                            .withAutomountServiceAccountToken(false)
                            .withEnableServiceLinks(false)
                            .withNewSecurityContext()
                                .withRunAsNonRoot(true)
                                .withRunAsUser(RUN_AS_USER)
                                .withRunAsGroup(RUN_AS_USER)
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                            .endSecurityContext()
                            .withContainers(container(plan))
                            .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static Container container(InstancePlan plan) {
        OperatorSettings.InstanceResources resources = plan.settings().instanceResources();
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(plan.settings().instanceImage())
                .addNewPort().withName(HTTP).withContainerPort(AppEnvironment.DEFAULT_PORT).withProtocol("TCP").endPort()
                .addNewPort().withName(METRICS).withContainerPort(AppEnvironment.DEFAULT_METRICS_PORT).withProtocol("TCP").endPort()
                .withEnv(environment(plan))
                .withReadinessProbe(healthProbe(5, 3))
                // generous: the health check fails while Redis is down, and restarting pods would not bring it back
                .withLivenessProbe(healthProbe(20, 6))
                .withNewResources()
                    .withRequests(Map.of("cpu", new Quantity(resources.cpuRequest()), "memory", new Quantity(resources.memoryRequest())))
                    .withLimits(Map.of("cpu", new Quantity(resources.cpuLimit()), "memory", new Quantity(resources.memoryLimit())))
                .endResources()
                .withNewSecurityContext()
                    .withReadOnlyRootFilesystem(true)
                    .withAllowPrivilegeEscalation(false)
                    .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .build();
    }

    private static List<EnvVar> environment(InstancePlan plan) {
        return List.of(
                new EnvVarBuilder().withName(AppEnvironment.INSTANCE_SLUG).withValue(plan.slug()).build(),
                new EnvVarBuilder().withName(AppEnvironment.PORT).withValue(String.valueOf(AppEnvironment.DEFAULT_PORT)).build(),
                new EnvVarBuilder().withName(AppEnvironment.METRICS_PORT)
                        .withValue(String.valueOf(AppEnvironment.DEFAULT_METRICS_PORT)).build(),
                new EnvVarBuilder().withName(AppEnvironment.REDIS_URL)
                        .withNewValueFrom().withNewSecretKeyRef()
                            .withName(RedisSecretDependentResource.name(plan.slug()))
                            .withKey(RedisSecretDependentResource.REDIS_URL)
                        .endSecretKeyRef().endValueFrom()
                        .build());
    }

    private static Probe healthProbe(int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(AppEnvironment.HEALTH_PATH).withPort(new IntOrString(HTTP)).endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(3)
                .withFailureThreshold(failureThreshold)
                // the API server's default, written out: a default that equals another value of the object
                // shows as a JSON-patch "copy", which JOSDK's matcher takes for a change (a write every resync)
                .withSuccessThreshold(1)
                .build();
    }

    static String fingerprint(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected String nameFor(String slug) {
        return name(slug);
    }
}
