package dev.cps.calendar.operator.testing;

import dev.cps.calendar.operator.CalendarOperator;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.dependentresource.ManagedLabels;
import dev.cps.calendar.operator.settings.OperatorSettings;
import dev.cps.calendar.testing.RedisServer;
import dev.cps.calendar.testing.standin.StandInCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.mockwebserver.http.RecordedRequest;
import redis.clients.jedis.Jedis;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What the integration tests run against: the test kit's stand-in cluster (with the generated CRD), a
 * real redis-server, and the operator started in-process on both, each time with a client of its
 * own (as a new pod would have).
 */
public final class OperatorHarness implements AutoCloseable {

    public static final String BASE_DOMAIN = "calendar.test";

    /** The kinds of the operator's children of every calendar (an HTTPRoute only where asked for). */
    public static final List<Class<? extends HasMetadata>> CHILDREN = List.of(Secret.class, Deployment.class, Service.class, Ingress.class);

    private final StandInCluster cluster;
    private final List<RecordedRequest> operatorRequests = new CopyOnWriteArrayList<>();
    private final RedisServer redis;
    private final boolean ownsRedis;
    private final Map<String, String> environment;
    private CalendarOperator operator;
    private KubernetesClient operatorClient;
    private Duration resyncInterval = Duration.ofMinutes(3);

    private OperatorHarness(RedisServer redis, boolean ownsRedis, Map<String, String> extraEnvironment) {
        cluster = StandInCluster.start(false);
        this.redis = redis;
        this.ownsRedis = ownsRedis;
        environment = new HashMap<>(Map.of(
                "REDIS_URL", redis.url(),
                "BASE_DOMAIN", BASE_DOMAIN,
                "LEADER_ELECTION", "false"));
        environment.putAll(extraEnvironment);
    }

    public static OperatorHarness start() {
        return start(Map.of());
    }

    public static OperatorHarness start(Map<String, String> extraEnvironment) {
        OperatorHarness harness = new OperatorHarness(RedisServer.start(), true, extraEnvironment);
        harness.startOperator();
        return harness;
    }

    /** A harness on {@code redis} (which the caller closes), with no operator running yet. */
    public static OperatorHarness on(RedisServer redis) {
        return new OperatorHarness(redis, false, Map.of());
    }

    public OperatorSettings settings() {
        return OperatorSettings.fromEnvironment(environment).withIntervals(Duration.ofSeconds(2), resyncInterval);
    }

    /** Takes effect at the next {@link #startOperator()}. */
    public void resyncEvery(Duration interval) {
        this.resyncInterval = interval;
    }

    /** Starts an operator, as a new pod would: its own client, informers listed from scratch. */
    public void startOperator() {
        if (operator != null) {
            throw new IllegalStateException("an operator is running");
        }
        operatorClient = cluster.newClient(null);
        operator = CalendarOperator.start(settings(), operatorClient, Clock.systemUTC(), false);
    }

    /** Starts an operator that reconciles every calendar each {@code resync} even if nothing changed. */
    public void startOperator(Duration resync) {
        resyncEvery(resync);
        startOperator();
    }

    /** Stops the running operator, whatever it is doing: its reconciles in flight are cut short. */
    public void stopOperator() {
        if (operator != null) {
            operator.close();
            operatorClient.close();
            operator = null;
        }
    }

    /** The tests' own client (namespace {@code default}); its requests are not the operator's. */
    public KubernetesClient client() {
        return cluster.client();
    }

    public RedisServer redis() {
        return redis;
    }

    public Jedis admin() {
        return new Jedis(java.net.URI.create(redis.url()));
    }

    public MixedOperation<CalendarInstance, KubernetesResourceList<CalendarInstance>, Resource<CalendarInstance>> instances() {
        return client().resources(CalendarInstance.class);
    }

    public CalendarInstance create(CalendarInstance instance) {
        return instances().resource(instance).create();
    }

    public CalendarInstance get(String namespace, String name) {
        return instances().inNamespace(namespace).withName(name).get();
    }

    public CalendarInstance edit(String namespace, String name, Consumer<CalendarInstance> change) {
        return instances().inNamespace(namespace).withName(name).edit(instance -> {
            change.accept(instance);
            instance.getMetadata().setGeneration(instance.getMetadata().getGeneration() + 1); // the mock does not count generations
            return instance;
        });
    }

    /** The operator's children of one kind, in every namespace. */
    public <T extends HasMetadata> List<T> children(Class<T> type) {
        return client().resources(type).inAnyNamespace().withLabel(ManagedLabels.MANAGED_BY, ManagedLabels.OPERATOR).list().getItems();
    }

    /** What Kubernetes' garbage collector would do (the stand-in does it on request): delete the children whose owner is gone. */
    public void collectGarbage() {
        cluster.collectGarbage();
    }

    /** Every request the operator made since the last call (the tests' own requests are left out). */
    public List<RecordedRequest> drainOperatorRequests() {
        List<RecordedRequest> requests = cluster.drainRequests();
        operatorRequests.addAll(requests);
        return requests;
    }

    /** Every request the operator made since the harness started (as far as drained). */
    public List<RecordedRequest> allOperatorRequests() {
        drainOperatorRequests();
        return List.copyOf(operatorRequests);
    }

    /** Waits until the operator has made no request for {@code quiet}; returns what it made until then. */
    public List<RecordedRequest> awaitOperatorQuiet(Duration quiet) {
        List<RecordedRequest> requests = cluster.awaitQuiet(quiet);
        operatorRequests.addAll(requests);
        return requests;
    }

    public static List<RecordedRequest> writes(List<RecordedRequest> requests) {
        return StandInCluster.writes(requests);
    }

    @Override
    public void close() {
        stopOperator();
        cluster.close();
        if (ownsRedis) {
            redis.close();
        }
    }
}
