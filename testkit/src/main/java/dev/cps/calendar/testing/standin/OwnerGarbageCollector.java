package dev.cps.calendar.testing.standin;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * What a cluster's garbage collector does and the stand-in does not: a child whose every owner (by
 * owner reference: kind, name and uid) is gone is deleted. Children are the kinds an operator makes
 * for a custom resource: Secrets, Services, Deployments, Ingresses and HTTPRoutes.
 */
public final class OwnerGarbageCollector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerGarbageCollector.class);
    private static final List<String[]> CHILD_KINDS = List.of(
            new String[] {"networking.k8s.io/v1", "Ingress"},
            new String[] {"gateway.networking.k8s.io/v1", "HTTPRoute"},
            new String[] {"v1", "Service"},
            new String[] {"apps/v1", "Deployment"},
            new String[] {"v1", "Secret"});

    private final KubernetesClient client;
    private final List<SharedIndexInformer<GenericKubernetesResource>> owners = new ArrayList<>();

    OwnerGarbageCollector(KubernetesClient client) {
        this.client = client;
    }

    /** Collects at once whenever an object of kind {@code apiVersion}/{@code kind} is deleted. */
    void watchOwners(String apiVersion, String kind) {
        owners.add(client.genericKubernetesResources(apiVersion, kind).inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource owner) {
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
            }

            @Override
            public void onDelete(GenericKubernetesResource owner, boolean finalStateUnknown) {
                collect();
            }
        }));
    }

    /** Deletes every child whose owners are all gone; returns how many. */
    public synchronized int collect() {
        int collected = 0;
        for (String[] kind : CHILD_KINDS) {
            List<GenericKubernetesResource> children;
            try {
                children = client.genericKubernetesResources(kind[0], kind[1]).inAnyNamespace().list().getItems();
            } catch (KubernetesClientException e) {
                continue; // a kind this API server does not serve (HTTPRoute without the Gateway API)
            }
            for (GenericKubernetesResource child : children) {
                List<OwnerReference> refs = child.getMetadata().getOwnerReferences();
                if (refs != null && !refs.isEmpty() && refs.stream().noneMatch(ref -> exists(child, ref))) {
                    client.resource(child).delete();
                    collected++;
                    LOG.info("{} {}/{} collected: its owner {} is gone", kind[1], child.getMetadata().getNamespace(),
                            child.getMetadata().getName(), refs.get(0).getName());
                }
            }
        }
        return collected;
    }

    private boolean exists(HasMetadata child, OwnerReference ref) {
        try {
            GenericKubernetesResource owner = client.genericKubernetesResources(ref.getApiVersion(), ref.getKind())
                    .inNamespace(child.getMetadata().getNamespace()).withName(ref.getName()).get();
            return owner != null && ref.getUid().equals(owner.getMetadata().getUid());
        } catch (KubernetesClientException e) {
            return true; // not known to be gone: keep the child
        }
    }

    @Override
    public void close() {
        owners.forEach(SharedIndexInformer::close);
        owners.clear();
    }
}
