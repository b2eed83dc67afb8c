package dev.cps.calendar.operator.testing;

import dev.cps.calendar.operator.CalendarOperator;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.settings.OperatorSettings;
import dev.cps.calendar.testing.RedisServer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the integration tests run against: the fabric8 mock API server in CRUD mode (with the
 * generated CRD), a real redis-server, and the operator started in-process on both.
 */
public final class OperatorHarness implements AutoCloseable {

    public static final String BASE_DOMAIN = "calendar.test";
    public static final String TEST_USER_AGENT = "calendar-operator-tests";
    private static final Path CRD = Path.of("target/classes/META-INF/fabric8/calendarinstances.calendar.cps.dev-v1.yml");

    private final KubernetesMockServer server;
    private final KubernetesClient operatorClient;
    private final KubernetesClient client;
    private final List<RecordedRequest> operatorRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final RedisServer redis;
    private final Map<String, String> environment;
    private CalendarOperator operator;
    private Duration resyncInterval = Duration.ofMinutes(3);

    private OperatorHarness(Map<String, String> extraEnvironment) {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        operatorClient = server.createClient();
        // the tests' own client says who it is, so the operator's requests can be told apart and counted
        client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(
                io.fabric8.kubernetes.client.Config.empty()).withMasterUrl(server.url("/")).withUserAgent(TEST_USER_AGENT)
                .withNamespace("default").build()).build();
        try (InputStream crd = Files.newInputStream(CRD)) {
            client.apiextensions().v1().customResourceDefinitions()
                    .resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
        } catch (IOException e) {
            throw new IllegalStateException("run the build's process-classes phase first: " + CRD, e);
        }
        redis = RedisServer.start();
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
        OperatorHarness harness = new OperatorHarness(extraEnvironment);
        harness.startOperator();
        return harness;
    }

    public OperatorSettings settings() {
        return OperatorSettings.fromEnvironment(environment).withIntervals(Duration.ofSeconds(2), resyncInterval);
    }

    /** Takes effect at the next {@link #startOperator()}. */
    public void resyncEvery(Duration interval) {
        this.resyncInterval = interval;
    }

    public void startOperator() {
        operator = CalendarOperator.start(settings(), operatorClient, Clock.systemUTC(), false);
    }

    public void stopOperator() {
        if (operator != null) {
            operator.close();
            operator = null;
        }
    }

    public KubernetesClient client() {
        return client;
    }

    public RedisServer redis() {
        return redis;
    }

    public Jedis admin() {
        return new Jedis(java.net.URI.create(redis.url()));
    }

    public MixedOperation<CalendarInstance, KubernetesResourceList<CalendarInstance>, Resource<CalendarInstance>> instances() {
        return client.resources(CalendarInstance.class);
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

    /**
     * What Kubernetes' garbage collector would do (the mock has none): delete the children whose
     * owning CalendarInstance is gone.
     */
    public void collectGarbage() {
        java.util.Set<String> owners = new java.util.HashSet<>();
        instances().inAnyNamespace().list().getItems().forEach(i -> owners.add(i.getMetadata().getUid()));
        for (Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> type : List.of(io.fabric8.kubernetes.api.model.Secret.class,
                io.fabric8.kubernetes.api.model.apps.Deployment.class, io.fabric8.kubernetes.api.model.Service.class,
                io.fabric8.kubernetes.api.model.networking.v1.Ingress.class)) {
            for (var child : client.resources(type).inAnyNamespace()
                    .withLabel(dev.cps.calendar.operator.dependentresource.ManagedLabels.MANAGED_BY).list().getItems()) {
                boolean orphan = child.getMetadata().getOwnerReferences().stream().noneMatch(ref -> owners.contains(ref.getUid()));
                if (orphan) {
                    client.resource(child).delete();
                }
            }
        }
    }

    /** Every request the operator made since the last call (the tests' own requests are left out). */
    public List<RecordedRequest> drainOperatorRequests() {
        List<RecordedRequest> requests = new ArrayList<>();
        try {
            RecordedRequest request;
            while ((request = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
                if (!TEST_USER_AGENT.equals(request.getHeader("User-Agent"))) {
                    requests.add(request);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        List<RecordedRequest> all = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            List<RecordedRequest> more = drainOperatorRequests();
            if (!more.isEmpty()) {
                all.addAll(more);
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= quiet.toNanos()) {
                return all;
            }
        }
        throw new AssertionError("the operator kept making requests: " + all.size());
    }

    public static List<RecordedRequest> writes(List<RecordedRequest> requests) {
        return requests.stream().filter(r -> !r.getMethod().equals("GET")).toList();
    }

    @Override
    public void close() {
        stopOperator();
        client.close();
        operatorClient.close();
        server.destroy();
        redis.close();
    }
}
