package dev.cps.calendar.operator.pool;

import dev.cps.calendar.api.PoolKeys;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.dependentresource.RedisSecretDependentResource;
import dev.cps.calendar.operator.redis.InstanceRedisUsers;
import dev.cps.calendar.operator.settings.OperatorSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesResourceMatcher;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.ManagedInformerEventSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Keeps a pool's objects ({@link PoolObjects}) as they should be for its current members. JOSDK's
 * dependents belong to one primary each, and a pool belongs to many: this is the small piece that
 * does for the pool what the framework does for a calendar's children. It reads them from the
 * informers the calendars' children already run (the pool's objects carry the same managed-by
 * label), compares before it writes (create, or update with the version it read, retried once on a
 * conflict), and the reconciles of one pool take turns, so two members joining at once both end up
 * in its owner references.
 */
public final class PoolResources {

    private final Map<String, Object> turns = new ConcurrentHashMap<>();

    /** The pool after {@link #ensure}: its Deployment as the API server has it, and what was written. */
    public record State(Deployment deployment, String password, List<String> changes) {
        public int readyReplicas() {
            return deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null
                    ? 0 : deployment.getStatus().getReadyReplicas();
        }
    }

    /** Creates or corrects the pool's Deployment (owned by exactly {@code members}), Service and Secret. */
    public State ensure(PoolKeys pool, List<CalendarInstance> members, OperatorSettings settings, Context<CalendarInstance> context) {
        synchronized (turns.computeIfAbsent(pool.id(), id -> new Object())) {
            List<String> changes = new ArrayList<>();
            String password = cached(context, Secret.class, pool.namespace(), PoolObjects.secretName(pool.pool()))
                    .flatMap(RedisSecretDependentResource::passwordIn)
                    .orElseGet(InstanceRedisUsers::newPassword);
            Deployment deployment = apply(context, PoolObjects.deployment(pool, members, password, settings), changes);
            apply(context, PoolObjects.secret(pool, deployment, password, settings), changes);
            apply(context, PoolObjects.service(pool, deployment), changes);
            return new State(deployment, password, changes);
        }
    }

    /** The pool's Deployment as the informer has it. */
    public Optional<Deployment> deployment(PoolKeys pool, Context<CalendarInstance> context) {
        return cached(context, Deployment.class, pool.namespace(), PoolObjects.name(pool.pool()));
    }

    /**
     * Deletes the pool once its last member left it by an edit (a deleted last member is the garbage
     * collector's: it was the last owner). Its Service and Secret are collected with the Deployment.
     */
    public boolean remove(PoolKeys pool, Context<CalendarInstance> context) {
        synchronized (turns.computeIfAbsent(pool.id(), id -> new Object())) {
            if (deployment(pool, context).isEmpty()) {
                return false;
            }
            context.getClient().apps().deployments().inNamespace(pool.namespace()).withName(PoolObjects.name(pool.pool())).delete();
            return true;
        }
    }

    @SuppressWarnings("unchecked")
    private <R extends HasMetadata> R apply(Context<CalendarInstance> context, R desired, List<String> changes) {
        Class<R> type = (Class<R>) desired.getClass();
        String namespace = desired.getMetadata().getNamespace();
        String name = desired.getMetadata().getName();
        Optional<R> actual = cached(context, type, namespace, name);
        for (int attempt = 1; ; attempt++) {
            try {
                if (actual.isEmpty()) {
                    R created = context.getClient().resource(desired).create();
                    changes.add("created " + desired.getKind() + " " + name);
                    return created;
                }
                if (matches(desired, actual.get(), context)) {
                    return actual.get();
                }
                desired.getMetadata().setResourceVersion(actual.get().getMetadata().getResourceVersion());
                if (desired instanceof Deployment wanted && actual.get() instanceof Deployment current) {
                    // an API server ignores the status of a PUT; a stand-in that stores it must not forget the ready pods
                    wanted.setStatus(current.getStatus());
                }
                R updated = context.getClient().resource(desired).update();
                changes.add("updated " + desired.getKind() + " " + name);
                return updated;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt > 2) {
                    throw e;
                }
                // the informer was behind (another member's write): read it, and compare again
                desired.getMetadata().setResourceVersion(null);
                actual = Optional.ofNullable(context.getClient().resources(type).inNamespace(namespace).withName(name).get());
            }
        }
    }

    private static <R extends HasMetadata> boolean matches(R desired, R actual, Context<CalendarInstance> context) {
        return owners(desired).equals(owners(actual))
                && GenericKubernetesResourceMatcher.match(desired, actual, false, false, context).matched();
    }

    private static Set<String> owners(HasMetadata object) {
        List<OwnerReference> references = object.getMetadata().getOwnerReferences();
        return references == null ? Set.of() : references.stream()
                .map(reference -> reference.getUid() + "/" + Objects.equals(reference.getController(), Boolean.TRUE))
                .collect(Collectors.toSet());
    }

    /** From the informer of the calendars' children of that kind (they watch the same label). */
    @SuppressWarnings("unchecked")
    private static <R extends HasMetadata> Optional<R> cached(Context<CalendarInstance> context, Class<R> type, String namespace,
                                                              String name) {
        var source = context.eventSourceRetriever().getEventSourceFor(type);
        if (source instanceof ManagedInformerEventSource<?, ?, ?> informer) {
            return ((ManagedInformerEventSource<R, CalendarInstance, ?>) informer).get(new ResourceID(name, namespace));
        }
        throw new IllegalStateException("no informer for " + type.getSimpleName());
    }
}
