package dev.cps.calendar.operator.pool;

import dev.cps.calendar.api.AppEnvironment;
import dev.cps.calendar.api.PoolKeys;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.dependentresource.AppServiceDependentResource;
import dev.cps.calendar.operator.dependentresource.CalendarAppPod;
import dev.cps.calendar.operator.dependentresource.ManagedLabels;
import dev.cps.calendar.operator.dependentresource.RedisSecretDependentResource;
import dev.cps.calendar.operator.settings.OperatorSettings;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The objects of one pool of Shared calendars, as they should be (pure functions, unit-tested without
 * a cluster): the Deployment {@code calendar-pool-<pool>} of the calendar app with {@code POOL_ID}, its
 * Service, and the Secret {@code calendar-pool-<pool>-redis} with the pool's Redis user.
 *
 * <p>Who owns what: the Deployment has one owner reference per member (none of them the controller),
 * so Kubernetes' garbage collector deletes it when the last member is deleted, and JOSDK's mapper
 * wakes exactly the members when it changes (its pods become ready). The Service and the Secret are
 * owned by the Deployment, so they go with it, and a join or leave rewrites one object only.
 */
public final class PoolObjects {

    private PoolObjects() {
    }

    /** What the names of pools' objects start with; no calendar's slug may (its objects would take a pool's names). */
    public static final String NAME_PREFIX = "calendar-pool-";

    /** {@code calendar-pool-<pool>}: the Deployment and the Service. */
    public static String name(String pool) {
        return NAME_PREFIX + pool;
    }

    public static String secretName(String pool) {
        return name(pool) + "-redis";
    }

    public static Deployment deployment(PoolKeys pool, List<CalendarInstance> members, String password, OperatorSettings settings) {
        String name = name(pool.pool());
        var resources = settings.pools().resourcesFor(members.size(), settings.instanceResources());
        return new DeploymentBuilder()
                .withMetadata(metadata(pool, name, members.stream()
                        .sorted(Comparator.comparing((CalendarInstance member) -> member.getMetadata().getName()))
                        .map(PoolObjects::memberReference).toList()))
                .withNewSpec()
                    .withReplicas(settings.pools().replicas())
                    .withNewSelector().withMatchLabels(new TreeMap<>(selector(name))).endSelector()
                    .withTemplate(CalendarAppPod.template(ManagedLabels.ofPool(name),
                            List.of(CalendarAppPod.variable(AppEnvironment.POOL_ID, pool.id())),
                            secretName(pool.pool()), password, settings, resources))
                .endSpec()
                .build();
    }

    public static Service service(PoolKeys pool, Deployment owner) {
        String name = name(pool.pool());
        return AppServiceDependentResource.appService(metadata(pool, name, List.of(ownedBy(owner))), selector(name));
    }

    /** Written as {@code data}, as the calendars' Secrets are, so an unchanged one compares equal. */
    public static Secret secret(PoolKeys pool, Deployment owner, String password, OperatorSettings settings) {
        Map<String, String> data = new TreeMap<>();
        data.put(RedisSecretDependentResource.USERNAME, base64(pool.username()));
        data.put(RedisSecretDependentResource.PASSWORD, base64(password));
        data.put(RedisSecretDependentResource.REDIS_URL, base64(settings.instanceRedisUrl(pool.username(), password)));
        return new SecretBuilder()
                .withMetadata(metadata(pool, secretName(pool.pool()), List.of(ownedBy(owner))))
                .withType("Opaque")
                .withData(data)
                .build();
    }

    /** The pods of the pool: never those of a calendar's own Deployment, which select by the slug. */
    static Map<String, String> selector(String name) {
        return Map.of(ManagedLabels.NAME, ManagedLabels.APP, ManagedLabels.INSTANCE, name);
    }

    private static ObjectMeta metadata(PoolKeys pool, String name, List<OwnerReference> owners) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(pool.namespace())
                .withLabels(new TreeMap<>(ManagedLabels.ofPool(name(pool.pool()))))
                .withOwnerReferences(owners)
                .build();
    }

    /** Not the controller, and not blocking: deleting one member must neither wait for nor take the pool. */
    private static OwnerReference memberReference(CalendarInstance member) {
        return new OwnerReferenceBuilder()
                .withApiVersion(CalendarInstance.GROUP + "/" + CalendarInstance.VERSION)
                .withKind(io.fabric8.kubernetes.api.model.HasMetadata.getKind(CalendarInstance.class))
                .withName(member.getMetadata().getName())
                .withUid(member.getMetadata().getUid())
                .withController(false)
                .withBlockOwnerDeletion(false)
                .build();
    }

    private static OwnerReference ownedBy(Deployment owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(false)
                .build();
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
