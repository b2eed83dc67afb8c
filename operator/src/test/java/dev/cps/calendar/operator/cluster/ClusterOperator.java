package dev.cps.calendar.operator.cluster;

import dev.cps.calendar.operator.CalendarOperator;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.settings.OperatorSettings;
import dev.cps.calendar.testing.RedisServer;
import dev.cps.calendar.testing.kube.AuditEvent;
import dev.cps.calendar.testing.kube.AuditLog;
import dev.cps.calendar.testing.kube.KubeControlPlane;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import redis.clients.jedis.Jedis;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The operator on a real control plane, installed as the Helm chart installs it: the chart's CRD,
 * ServiceAccount and RBAC (for one of its value sets) applied to the API server, the operator
 * started in-process with a token of that ServiceAccount (so RBAC really limits it), and a real
 * redis-server. Each test class uses namespaces of its own; {@link #close()} removes them.
 */
final class ClusterOperator implements AutoCloseable {

    static final String BASE_DOMAIN = "calendar.test";
    static final String OPERATOR_USER = KubeControlPlane.serviceAccountUser(RenderedChart.NAMESPACE, RenderedChart.SERVICE_ACCOUNT);

    private final KubeControlPlane cluster;
    private final RenderedChart chart;
    private final List<String> namespaces;
    private final RedisServer redis;
    private final Map<String, String> environment;
    private final Map<String, CalendarOperator> running = new HashMap<>();
    private Duration resyncInterval = Duration.ofMinutes(3);

    private ClusterOperator(KubeControlPlane cluster, RenderedChart chart, List<String> namespaces, Map<String, String> env) {
        this.cluster = cluster;
        this.chart = chart;
        this.namespaces = namespaces;
        this.redis = RedisServer.start();
        this.environment = new HashMap<>(Map.of("REDIS_URL", redis.url(), "BASE_DOMAIN", BASE_DOMAIN,
                "LEADER_ELECTION", "false", "LEADER_ELECTION_NAMESPACE", RenderedChart.NAMESPACE));
        chart.operatorEnv("WATCH_NAMESPACES").ifPresent(v -> environment.put("WATCH_NAMESPACES", v));
        environment.putAll(env);
    }

    /**
     * Installs the chart's CRD and RBAC for {@code valueSet} and creates {@code namespaces}; the
     * operator is not started yet.
     */
    static ClusterOperator install(KubeControlPlane cluster, String valueSet, List<String> namespaces, Map<String, String> env) {
        return install(cluster, valueSet, Map.of(), namespaces, env);
    }

    /** With Helm {@code --set} values on top of the value set. */
    static ClusterOperator install(KubeControlPlane cluster, String valueSet, Map<String, Object> helmSets, List<String> namespaces,
                                   Map<String, String> env) {
        RenderedChart chart = RenderedChart.render(valueSet, helmSets, cluster.kubernetesVersion());
        cluster.ensureNamespace(RenderedChart.NAMESPACE);
        namespaces.forEach(cluster::ensureNamespace);
        for (HasMetadata object : chart.identityAndRights()) {
            if (object instanceof io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition crd) {
                cluster.installCrd(crd);
            } else {
                cluster.admin().resource(object).forceConflicts().serverSideApply();
            }
        }
        return new ClusterOperator(cluster, chart, namespaces, env);
    }

    /** Installs with the chart's defaults and starts one operator. */
    static ClusterOperator start(KubeControlPlane cluster, List<String> namespaces, Map<String, String> env) {
        ClusterOperator operator = install(cluster, RenderedChart.DEFAULTS, namespaces, env);
        operator.startOperator("operator");
        return operator;
    }

    OperatorSettings settings() {
        return OperatorSettings.fromEnvironment(environment).withIntervals(Duration.ofSeconds(2), resyncInterval);
    }

    /** Takes effect at the next start. */
    void resyncEvery(Duration interval) {
        this.resyncInterval = interval;
    }

    void setEnvironment(String name, String value) {
        environment.put(name, value);
    }

    /** Starts an operator process stand-in whose requests carry the user agent {@code name}. */
    CalendarOperator startOperator(String name) {
        KubernetesClient client = cluster.clientAs(RenderedChart.NAMESPACE, RenderedChart.SERVICE_ACCOUNT, name);
        CalendarOperator operator = CalendarOperator.start(settings(), client, Clock.systemUTC(), false);
        running.put(name, operator);
        return operator;
    }

    void stopOperator(String name) {
        CalendarOperator operator = running.remove(name);
        if (operator != null) {
            operator.close();
        }
    }

    void stopAll() {
        List.copyOf(running.keySet()).forEach(this::stopOperator);
    }

    KubeControlPlane cluster() {
        return cluster;
    }

    KubernetesClient admin() {
        return cluster.admin();
    }

    RedisServer redis() {
        return redis;
    }

    Jedis redisAdmin() {
        return new Jedis(URI.create(redis.url()));
    }

    MixedOperation<CalendarInstance, KubernetesResourceList<CalendarInstance>, Resource<CalendarInstance>> instances() {
        return admin().resources(CalendarInstance.class);
    }

    CalendarInstance create(CalendarInstance instance) {
        instance.getMetadata().setGeneration(null); // the API server counts generations
        return instances().resource(instance).create();
    }

    CalendarInstance get(String namespace, String name) {
        return instances().inNamespace(namespace).withName(name).get();
    }

    CalendarInstance edit(String namespace, String name, java.util.function.Consumer<CalendarInstance> change) {
        return instances().inNamespace(namespace).withName(name).edit(instance -> {
            change.accept(instance);
            return instance;
        });
    }

    /** What a kubelet would report: the Deployment's pods are ready (there are no nodes here). */
    void reportReady(String namespace, String name, int ready) {
        Deployment deployment = await().atMost(Duration.ofSeconds(30))
                .until(() -> admin().apps().deployments().inNamespace(namespace).withName(name).get(), d -> d != null);
        admin().apps().deployments().inNamespace(namespace).withName(name).editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                    .withReplicas(ready).withReadyReplicas(ready).withAvailableReplicas(ready).withUpdatedReplicas(ready).build());
            return d;
        });
    }

    AuditLog audit() {
        return cluster.audit();
    }

    /** The operators' requests since {@code mark}. */
    List<AuditEvent> operatorRequests(long mark) {
        return audit().since(mark, AuditLog.byUser(OPERATOR_USER));
    }

    /** Requests that make no state: the rights checks at start. */
    private static final java.util.Set<String> NOT_STATE = java.util.Set.of("selfsubjectrulesreviews", "selfsubjectaccessreviews",
            "tokenreviews");

    /**
     * Restarts the operator (which reconciles every calendar once) with a resync every 4 s, lets two resyncs pass,
     * and returns the writes it made meanwhile: none, for converged calendars.
     */
    List<AuditEvent> writesOverARestartAndTwoResyncs() {
        awaitQuiet(Duration.ofSeconds(2));
        stopAll();
        resyncEvery(Duration.ofSeconds(4));
        long mark = audit().mark();
        startOperator("operator");
        sleep(10_000);
        awaitQuiet(Duration.ofSeconds(1));
        if (operatorRequests(mark).stream().noneMatch(e -> e.resource().equals("calendarinstances") && e.verb().equals("list"))) {
            throw new AssertionError("the restarted operator did not list the calendars");
        }
        return operatorRequests(mark).stream().filter(AuditEvent::isWrite).filter(e -> !NOT_STATE.contains(e.resource())).toList();
    }

    /** Waits until the operators have made no request for {@code quiet} (watches aside). */
    void awaitQuiet(Duration quiet) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long mark = audit().mark();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            sleep(200);
            long now = audit().mark();
            boolean busy = operatorRequests(mark).stream().anyMatch(e -> !e.verb().equals("watch"));
            mark = now;
            if (busy) {
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= quiet.toNanos()) {
                return;
            }
        }
        throw new AssertionError("the operator kept making requests for a minute");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the operators, then removes this class's namespaces: their CalendarInstances are deleted
     * and lose their finalizers (no operator is left to remove them), then the namespace controller
     * empties the namespaces; it waits until they are gone, so the next test class's operator sees
     * nothing of them.
     */
    @Override
    public void close() {
        stopAll();
        for (String namespace : namespaces) {
            instances().inNamespace(namespace).delete();
            for (CalendarInstance instance : instances().inNamespace(namespace).list().getItems()) {
                instances().inNamespace(namespace).withName(instance.getMetadata().getName()).edit(i -> {
                    i.getMetadata().setFinalizers(List.of());
                    return i;
                });
            }
            if (!namespace.equals("default")) {
                admin().namespaces().withName(namespace).delete();
            }
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> namespaces.stream().allMatch(namespace -> namespace.equals("default")
                ? instances().inNamespace(namespace).list().getItems().isEmpty()
                : admin().namespaces().withName(namespace).get() == null));
        redis.close();
    }
}
