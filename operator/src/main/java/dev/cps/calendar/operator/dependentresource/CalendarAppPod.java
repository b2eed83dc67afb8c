package dev.cps.calendar.operator.dependentresource;

import dev.cps.calendar.api.AppEnvironment;
import dev.cps.calendar.operator.settings.OperatorSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pod of the calendar app, the same for a dedicated calendar and a pool of Shared ones: the
 * image, its two ports, probes on {@code /api/health}, requests and limits, and a non-root,
 * read-only, restricted security context. What differs is the environment that says which
 * calendars it serves, and the Secret its {@code REDIS_URL} comes from.
 */
public final class CalendarAppPod {

    public static final String CONTAINER = "app";
    public static final String HTTP = "http";
    /** The private metrics port: the PodMonitor scrapes it by this name; no Service port points at it. */
    public static final String METRICS = "metrics";
    public static final long RUN_AS_USER = 10001L;
    /** Changes only when the Redis password does, so pods pick up new credentials by a rollout. */
    public static final String CREDENTIALS_ANNOTATION = "calendar.cps.dev/redis-credentials";

    private CalendarAppPod() {
    }

    /**
     * @param serves       the variables that choose the calendars ({@code INSTANCE_SLUG}, or {@code POOL_ID})
     * @param redisSecret  the Secret whose {@code redis-url} the app connects with
     * @param password     the password in it, fingerprinted into the template so a new one rolls the pods
     */
    public static PodTemplateSpec template(Map<String, String> labels, List<EnvVar> serves, String redisSecret, String password,
                                           OperatorSettings settings, OperatorSettings.InstanceResources resources) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata()
                    .withLabels(new TreeMap<>(labels))
                    .withAnnotations(Map.of(CREDENTIALS_ANNOTATION, fingerprint(password)))
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
                    .withContainers(container(environment(serves, redisSecret), settings.instanceImage(), resources))
                    .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec()
                .build();
    }

    public static EnvVar variable(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    private static Container container(List<EnvVar> environment, String image, OperatorSettings.InstanceResources resources) {
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(image)
                .addNewPort().withName(HTTP).withContainerPort(AppEnvironment.DEFAULT_PORT).withProtocol("TCP").endPort()
                .addNewPort().withName(METRICS).withContainerPort(AppEnvironment.DEFAULT_METRICS_PORT).withProtocol("TCP").endPort()
                .withEnv(environment)
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

    private static List<EnvVar> environment(List<EnvVar> serves, String redisSecret) {
        List<EnvVar> environment = new ArrayList<>(serves);
        environment.add(variable(AppEnvironment.PORT, String.valueOf(AppEnvironment.DEFAULT_PORT)));
        environment.add(variable(AppEnvironment.METRICS_PORT, String.valueOf(AppEnvironment.DEFAULT_METRICS_PORT)));
        environment.add(new EnvVarBuilder().withName(AppEnvironment.REDIS_URL)
                .withNewValueFrom().withNewSecretKeyRef()
                    .withName(redisSecret)
                    .withKey(RedisSecretDependentResource.REDIS_URL)
                .endSecretKeyRef().endValueFrom()
                .build());
        return environment;
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
}
