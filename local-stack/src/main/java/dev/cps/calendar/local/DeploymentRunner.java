package dev.cps.calendar.local;

import dev.cps.calendar.api.AppEnvironment;
import dev.cps.calendar.app.AppProcess;
import dev.cps.calendar.app.AppThreads;
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
 * {@code spec.replicas} app processes in this process with the pod template's environment (one
 * calendar, or with {@code POOL_ID} a pool of Shared calendars, as the image does; so the
 * Secret's Redis credentials are really used), restarts them when the template's environment
 * changes, stops them at zero replicas or deletion, runs the pod template's readiness probe (an
 * HTTP GET of its path, every {@link #PROBE_PERIOD}) and writes the ready replicas back to the
 * Deployment's status, so the operator sees what it would see on a cluster: a pod whose app
 * answers 503 (Redis down, say) is not ready.
 */
final class DeploymentRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentRunner.class);

    private final KubernetesClient client;
    private final Map<String, Pods> running = new ConcurrentHashMap<>();
    // one thread: starts and stops happen in the order the events came
    private final ExecutorService kubelet = Executors.newSingleThreadExecutor(r -> new Thread(r, "local-kubelet"));
    private SharedIndexInformer<Deployment> informer;
    private volatile boolean closing;
    static final java.time.Duration PROBE_PERIOD = java.time.Duration.ofSeconds(2);
    /** How soon a pod whose environment cannot be made yet (a Secret not there) is tried again. */
    static final java.time.Duration ENVIRONMENT_RETRY = java.time.Duration.ofMillis(500);
    private final java.util.concurrent.ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "local-readiness-probes");
        thread.setDaemon(true);
        return thread;
    });
    private final java.net.http.HttpClient probeClient = java.net.http.HttpClient.newBuilder()
            .connectTimeout(java.time.Duration.ofSeconds(1)).build();
    // every app of this process on the same threads: a calendar costs its change-feed reader, its
    // servers' acceptors and selectors, not a pool and three timers of its own
    private final AppThreads appThreads = AppThreads.shared("calendar-apps", 2);

    /** The apps of one Deployment and the environment they were started with. */
    private record Pods(Map<String, String> env, List<AppProcess> apps, AtomicInteger next, String probePath,
                        AtomicInteger ready) {
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
        prober.scheduleWithFixedDelay(this::probe, PROBE_PERIOD.toMillis(), PROBE_PERIOD.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
        informer = client.apps().deployments().inAnyNamespace().withLabel(ManagedLabels.MANAGED_BY, ManagedLabels.OPERATOR)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Deployment deployment) {
                        onKubelet(() -> sync(deployment));
                    }

                    @Override
                    public void onUpdate(Deployment before, Deployment after) {
                        onKubelet(() -> sync(after));
                    }

                    @Override
                    public void onDelete(Deployment deployment, boolean finalStateUnknown) {
                        onKubelet(() -> stop(key(deployment)));
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
        return pods == null ? List.of() : pods.apps().stream().map(AppProcess::port).toList();
    }

    /** The private metrics ports of the apps running for {@code namespace/name}. */
    List<Integer> metricsPorts(String namespace, String name) {
        Pods pods = running.get(namespace + "/" + name);
        return pods == null ? List.of() : pods.apps().stream().map(AppProcess::metricsPort).toList();
    }

    /** Whether the Deployment {@code namespace/name} runs a pool of Shared calendars ({@code POOL_ID} in its environment). */
    boolean runsPool(String namespace, String name) {
        Pods pods = running.get(namespace + "/" + name);
        return pods != null && !pods.env().getOrDefault(AppEnvironment.POOL_ID, "").isBlank();
    }

    /** The ready replicas this runner has for {@code namespace/name}: pods whose readiness probe passed last. */
    int readyReplicas(String namespace, String name) {
        Pods pods = running.get(namespace + "/" + name);
        return pods == null ? 0 : pods.ready().get();
    }

    /** One round of readiness probes; a Deployment whose count changed gets its status written. */
    private void probe() {
        running.forEach((key, pods) -> {
            int ready = (int) pods.apps().stream().filter(app -> passes(app.port(), pods.probePath())).count();
            if (pods.ready().getAndSet(ready) != ready) {
                onKubelet(() -> {
                    String[] id = key.split("/", 2);
                    Deployment deployment = client.apps().deployments().inNamespace(id[0]).withName(id[1]).get();
                    if (deployment != null && running.get(key) == pods) {
                        reportStatus(deployment, ready);
                    }
                });
            }
        });
    }

    private boolean passes(int port, String path) {
        try {
            var response = probeClient.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                    .timeout(java.time.Duration.ofSeconds(1)).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
            return response.statusCode() >= 200 && response.statusCode() < 400; // as the kubelet counts success
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String readinessPath(Deployment deployment) {
        var probe = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe();
        return probe == null || probe.getHttpGet() == null || probe.getHttpGet().getPath() == null ? "/" : probe.getHttpGet().getPath();
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
            // as a kubelet does with a Secret not there yet: try again shortly (the operator may be writing it now)
            LOG.warn("cannot start pods of Deployment {} yet, trying again in {} ms: {}", key, ENVIRONMENT_RETRY.toMillis(), e.getMessage());
            if (!closing) {
                prober.schedule(() -> onKubelet(() -> sync(deployment)), ENVIRONMENT_RETRY.toMillis(),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            return;
        }
        Pods current = running.get(key);
        if (current != null && (!current.env().equals(env) || current.apps().size() != replicas)) {
            stop(key);
            current = null;
        }
        if (current == null && replicas > 0) {
            List<AppProcess> apps = new ArrayList<>();
            Map<String, String> podEnv = new HashMap<>(env);
            podEnv.put("PORT", "0"); // every pod on its own free ports, behind the router
            podEnv.put("METRICS_PORT", "0");
            podEnv.put("BIND_ADDRESS", "127.0.0.1"); // reachable through the router and from this machine only
            for (int i = 0; i < replicas; i++) {
                apps.add(AppProcess.start(podEnv, appThreads));
            }
            String path = readinessPath(deployment);
            int ready = (int) apps.stream().filter(app -> passes(app.port(), path)).count();
            running.put(key, new Pods(env, List.copyOf(apps), new AtomicInteger(), path, new AtomicInteger(ready)));
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
            pods.apps().forEach(AppProcess::close);
            LOG.info("Deployment {}: pods stopped", key);
        }
    }

    /** Runs {@code work} after what is queued; a failure is logged (the next event or probe tries again). */
    private void onKubelet(Runnable work) {
        if (closing) {
            return;
        }
        kubelet.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                if (!closing) {
                    LOG.warn("kubelet stand-in: {}", e.getMessage());
                }
            }
        });
    }

    private static String key(Deployment deployment) {
        return deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
    }

    @Override
    public void close() {
        closing = true;
        if (informer != null) {
            informer.close();
        }
        prober.shutdownNow();
        kubelet.shutdown(); // what runs finishes: an interrupted API call would only fail
        try {
            kubelet.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kubelet.shutdownNow();
        running.keySet().forEach(this::stop);
        appThreads.close();
    }
}
