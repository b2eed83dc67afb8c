package dev.cps.calendar.local;

import dev.cps.calendar.app.AppSettings;
import dev.cps.calendar.app.InstanceApp;
import dev.cps.calendar.operator.dependentresource.ManagedLabels;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Does what the kubelet and the Deployment controller do, for the operator's Deployments: runs
 * {@code spec.replicas} instance apps in this process with the pod template's environment (so the
 * Secret's Redis credentials are really used), restarts them when the template's environment
 * changes, stops them at zero replicas or deletion, and writes the ready replicas back to the
 * Deployment's status so the operator sees what it would see on a cluster.
 */
final class DeploymentRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentRunner.class);

    private final KubernetesClient client;
    private final Map<String, Pods> running = new ConcurrentHashMap<>();
    // one thread: starts and stops happen in the order the events came
    private final ExecutorService kubelet = Executors.newSingleThreadExecutor(r -> new Thread(r, "local-kubelet"));
    private SharedIndexInformer<Deployment> informer;

    /** The apps of one Deployment and the environment they were started with. */
    private record Pods(Map<String, String> env, List<InstanceApp> apps, AtomicInteger next) {
        Optional<Integer> nextPort() {
            if (apps.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(apps.get(Math.floorMod(next.getAndIncrement(), apps.size())).port());
        }
    }

    DeploymentRunner(KubernetesClient client) {
        this.client = client;
    }

    void start() {
        informer = client.apps().deployments().inAnyNamespace().withLabel(ManagedLabels.MANAGED_BY, ManagedLabels.OPERATOR)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Deployment deployment) {
                        kubelet.execute(() -> sync(deployment));
                    }

                    @Override
                    public void onUpdate(Deployment before, Deployment after) {
                        kubelet.execute(() -> sync(after));
                    }

                    @Override
                    public void onDelete(Deployment deployment, boolean finalStateUnknown) {
                        kubelet.execute(() -> stop(key(deployment)));
                    }
                });
    }

    /** A port of a running app of the Deployment {@code namespace/name}, round robin, like a Service. */
    Optional<Integer> portOf(String namespace, String name) {
        Pods pods = running.get(namespace + "/" + name);
        return pods == null ? Optional.empty() : pods.nextPort();
    }

    /** The ports of the apps running for {@code namespace/name}; a restart gives new ones. */
    List<Integer> ports(String namespace, String name) {
        Pods pods = running.get(namespace + "/" + name);
        return pods == null ? List.of() : pods.apps().stream().map(InstanceApp::port).toList();
    }

    /** The private metrics ports of the apps running for {@code namespace/name}. */
    List<Integer> metricsPorts(String namespace, String name) {
        Pods pods = running.get(namespace + "/" + name);
        return pods == null ? List.of() : pods.apps().stream().map(InstanceApp::metricsPort).toList();
    }

    /** The ready replicas this runner has for {@code namespace/name}. */
    int readyReplicas(String namespace, String name) {
        Pods pods = running.get(namespace + "/" + name);
        return pods == null ? 0 : pods.apps().size();
    }

    private void sync(Deployment seen) {
        // act on the newest state: events may have queued up behind a slow start
        Deployment deployment = client.apps().deployments().inNamespace(seen.getMetadata().getNamespace())
                .withName(seen.getMetadata().getName()).get();
        String key = key(seen);
        if (deployment == null) {
            stop(key);
            return;
        }
        int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        Map<String, String> env;
        try {
            env = PodEnvironment.of(deployment, client);
        } catch (RuntimeException e) {
            LOG.warn("cannot start pods of Deployment {}: {}", key, e.getMessage());
            return;
        }
        Pods current = running.get(key);
        if (current != null && (!current.env().equals(env) || current.apps().size() != replicas)) {
            stop(key);
            current = null;
        }
        if (current == null && replicas > 0) {
            List<InstanceApp> apps = new ArrayList<>();
            Map<String, String> podEnv = new HashMap<>(env);
            podEnv.put("PORT", "0"); // every pod on its own free ports, behind the router
            podEnv.put("METRICS_PORT", "0");
            for (int i = 0; i < replicas; i++) {
                apps.add(InstanceApp.start(AppSettings.fromEnvironment(podEnv)));
            }
            running.put(key, new Pods(env, List.copyOf(apps), new AtomicInteger()));
            LOG.info("Deployment {}: {} pod(s) running", key, replicas);
        }
        reportStatus(deployment, readyReplicas(deployment.getMetadata().getNamespace(), deployment.getMetadata().getName()));
    }

    private void reportStatus(Deployment deployment, int ready) {
        var status = deployment.getStatus();
        Integer reported = status == null ? null : status.getReadyReplicas();
        Long observed = status == null ? null : status.getObservedGeneration();
        if (reported != null && reported == ready && deployment.getMetadata().getGeneration().equals(observed)) {
            return; // nothing changed: write nothing, as a real controller would
        }
        client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
                .withName(deployment.getMetadata().getName())
                .editStatus(d -> {
                    d.setStatus(new DeploymentStatusBuilder()
                            .withObservedGeneration(d.getMetadata().getGeneration())
                            .withReplicas(ready)
                            .withReadyReplicas(ready)
                            .withAvailableReplicas(ready)
                            .withUpdatedReplicas(ready)
                            .build());
                    return d;
                });
    }

    private void stop(String key) {
        Pods pods = running.remove(key);
        if (pods != null) {
            pods.apps().forEach(InstanceApp::close);
            LOG.info("Deployment {}: pods stopped", key);
        }
    }

    private static String key(Deployment deployment) {
        return deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
        kubelet.shutdownNow();
        running.keySet().forEach(this::stop);
    }
}
