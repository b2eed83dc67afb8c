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
    private static final Path CRD = Path.of("target/classes/META-INF/fabric8/calendarinstances.calendar.cps.dev-v1.yml");

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final RedisServer redis;
    private final Map<String, String> environment;
    private CalendarOperator operator;

    private OperatorHarness(Map<String, String> extraEnvironment) {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
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
        return OperatorSettings.fromEnvironment(environment).withRetryMaxInterval(Duration.ofSeconds(2));
    }

    public void startOperator() {
        operator = CalendarOperator.start(settings(), client, Clock.systemUTC(), false);
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

    /** Every request the mock server received since the last call. */
    public List<RecordedRequest> drainRequests() {
        List<RecordedRequest> requests = new ArrayList<>();
        try {
            RecordedRequest request;
            while ((request = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
                requests.add(request);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return requests;
    }

    public static List<RecordedRequest> writes(List<RecordedRequest> requests) {
        return requests.stream().filter(r -> !r.getMethod().equals("GET")).toList();
    }

    @Override
    public void close() {
        stopOperator();
        client.close();
        server.destroy();
        redis.close();
    }
}
