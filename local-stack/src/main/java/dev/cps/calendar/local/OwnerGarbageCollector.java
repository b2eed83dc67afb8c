package dev.cps.calendar.local;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.dependentresource.ManagedLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * What the cluster's garbage collector does for the operator's children, which the stand-in API
 * server does not: when a CalendarInstance is gone, the Secret, Deployment, Service and Ingress or
 * HTTPRoute it owns (by owner reference) go too, so its app stops and its host stops routing.
 */
final class OwnerGarbageCollector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerGarbageCollector.class);
    private static final List<Class<? extends HasMetadata>> CHILD_KINDS =
            List.of(Ingress.class, io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class, Service.class, Deployment.class,
                    Secret.class);

    private final KubernetesClient client;
    private SharedIndexInformer<CalendarInstance> owners;

    OwnerGarbageCollector(KubernetesClient client) {
        this.client = client;
    }

    void start() {
        owners = client.resources(CalendarInstance.class).inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(CalendarInstance instance) {
            }

            @Override
            public void onUpdate(CalendarInstance before, CalendarInstance after) {
            }

            @Override
            public void onDelete(CalendarInstance instance, boolean finalStateUnknown) {
                collectChildrenOf(instance);
            }
        });
    }

    private void collectChildrenOf(HasMetadata owner) {
        String namespace = owner.getMetadata().getNamespace();
        String uid = owner.getMetadata().getUid();
        for (Class<? extends HasMetadata> kind : CHILD_KINDS) {
            try {
                client.resources(kind).inNamespace(namespace).withLabel(ManagedLabels.MANAGED_BY, ManagedLabels.OPERATOR)
                        .list().getItems().stream()
                        .filter(child -> child.getOwnerReferenceFor(uid).isPresent())
                        .forEach(child -> {
                            client.resource(child).delete();
                            LOG.info("{} {}/{} collected: its owner {} is gone", kind.getSimpleName(), namespace,
                                    child.getMetadata().getName(), owner.getMetadata().getName());
                        });
            } catch (RuntimeException e) {
                LOG.warn("collecting the {}s of {}/{}: {}", kind.getSimpleName(), namespace, owner.getMetadata().getName(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        if (owners != null) {
            owners.close();
        }
    }
}
