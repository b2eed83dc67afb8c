package dev.cps.calendar.reliability;

import dev.cps.calendar.operator.CalendarOperator;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.CalendarInstanceSpec;
import dev.cps.calendar.operator.customresource.UserSpec;
import dev.cps.calendar.operator.dependentresource.ManagedLabels;
import dev.cps.calendar.operator.settings.OperatorSettings;
import dev.cps.calendar.testing.RedisServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator's world in one JVM: the fabric8 mock API server in CRUD mode with the generated
 * CalendarInstance CRD, a real redis-server, and operators started and stopped on them at will,
 * each with a Kubernetes client of its own (as a new pod would have).
 */
final class OperatorStack implements AutoCloseable {

    static final String CRD = "/META-INF/fabric8/calendarinstances.calendar.cps.dev-v1.yml";
    static final List<Class<? extends HasMetadata>> CHILDREN = List.of(Secret.class, Deployment.class, Service.class, Ingress.class);

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final RedisServer redis;
    private CalendarOperator operator;
    private KubernetesClient operatorClient;

    OperatorStack(RedisServer redis) {
        this.redis = redis;
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        client = newClient();
        try (InputStream crd = CalendarOperator.class.getResourceAsStream(CRD)) {
            if (crd == null) {
                throw new IllegalStateException("the operator jar has no " + CRD);
            }
            client.apiextensions().v1().customResourceDefinitions()
                    .resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts an operator, as a new pod would: its own client, informers listed from scratch. */
    void startOperator() {
        startOperator(Duration.ofMinutes(10));
    }

    /** @param resync how often every calendar is reconciled even if nothing changed */
    void startOperator(Duration resync) {
        if (operator != null) {
            throw new IllegalStateException("an operator is running");
        }
        OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of(
                        "REDIS_URL", redis.url(),
                        "BASE_DOMAIN", "calendar.test",
                        "LEADER_ELECTION", "false"))
                .withIntervals(Duration.ofSeconds(2), resync);
        operatorClient = newClient();
        operator = CalendarOperator.start(settings, operatorClient, Clock.systemUTC(), false);
    }

    /** Stops the running operator, whatever it is doing: its reconciles in flight are cut short. */
    void stopOperator() {
        if (operator != null) {
            operator.close();
            operatorClient.close();
            operator = null;
        }
    }

    KubernetesClient client() {
        return client;
    }

    MixedOperation<CalendarInstance, KubernetesResourceList<CalendarInstance>, Resource<CalendarInstance>> instances() {
        return client.resources(CalendarInstance.class);
    }

    static CalendarInstance jackAndBonnie(String namespace, String name) {
        CalendarInstanceSpec spec = new CalendarInstanceSpec();
        spec.setTitle("Calendar " + name);
        spec.setUsers(List.of(new UserSpec("Jack", "j"), new UserSpec("Bonnie", "b")));
        CalendarInstance instance = new CalendarInstance();
        instance.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withGeneration(1L).build());
        instance.setSpec(spec);
        return instance;
    }

    /** The operator's children of every kind, in every namespace. */
    <T extends HasMetadata> List<T> children(Class<T> type) {
        return client.resources(type).inAnyNamespace().withLabel(ManagedLabels.MANAGED_BY, ManagedLabels.OPERATOR).list().getItems();
    }

    /** What Kubernetes' garbage collector would do (the mock has none): delete children whose owner is gone. */
    void collectGarbage() {
        Set<String> owners = new HashSet<>();
        instances().inAnyNamespace().list().getItems().forEach(i -> owners.add(i.getMetadata().getUid()));
        for (Class<? extends HasMetadata> type : CHILDREN) {
            for (HasMetadata child : children(type)) {
                if (child.getMetadata().getOwnerReferences().stream().noneMatch(ref -> owners.contains(ref.getUid()))) {
                    client.resource(child).delete();
                }
            }
        }
    }

    private KubernetesClient newClient() {
        // HTTP/1.1 only: the JDK client's h2c upgrade can be misread by the mock server ("Frame type(99) ... exceeds MAX_FRAME_SIZE")
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url("/")).withNamespace("default")
                .withHttp2Disable(true).withRequestTimeout(30_000).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Override
    public void close() {
        stopOperator();
        client.close();
        server.destroy();
    }
}
