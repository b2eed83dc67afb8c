package dev.cps.calendar.bench;

import dev.cps.calendar.operator.CalendarOperator;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.CalendarInstanceSpec;
import dev.cps.calendar.operator.customresource.UserSpec;
import dev.cps.calendar.operator.settings.OperatorSettings;
import dev.cps.calendar.testing.RedisServer;
import dev.cps.calendar.testing.standin.StandInCluster;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.mockwebserver.http.RecordedRequest;
import redis.clients.jedis.Jedis;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The real operator on the test kit's stand-in cluster and a real redis-server, in this JVM, as its integration tests run it. */
final class OperatorOnStandIn implements AutoCloseable {

    private final StandInCluster cluster = StandInCluster.start(false);
    private final RedisServer redis = RedisServer.start();
    private CalendarOperator operator;
    private KubernetesClient operatorClient;

    static OperatorOnStandIn start() {
        OperatorOnStandIn stack = new OperatorOnStandIn();
        stack.startOperator();
        return stack;
    }

    static CalendarInstance jackAndBonnie(String namespace, String name) {
        var spec = new CalendarInstanceSpec();
        spec.setTitle("Eclipse Financial Solutions");
        spec.setUsers(List.of(new UserSpec("Jack", "j"), new UserSpec("Bonnie", "b")));
        var instance = new CalendarInstance();
        instance.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withGeneration(1L).build());
        instance.setSpec(spec);
        return instance;
    }

    void startOperator() {
        OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of("REDIS_URL", redis.url(), "BASE_DOMAIN", "calendar.test",
                "LEADER_ELECTION", "false")).withIntervals(Duration.ofSeconds(2), Duration.ofMinutes(3));
        operatorClient = cluster.newClient(null);
        operator = CalendarOperator.start(settings, operatorClient, Clock.systemUTC(), false);
    }

    void stopOperator() {
        if (operator != null) {
            operator.close();
            operatorClient.close();
            operator = null;
        }
    }

    KubernetesClient client() {
        return cluster.client();
    }

    Jedis admin() {
        return new Jedis(URI.create(redis.url()));
    }

    MixedOperation<CalendarInstance, KubernetesResourceList<CalendarInstance>, Resource<CalendarInstance>> instances() {
        return client().resources(CalendarInstance.class);
    }

    CalendarInstance create(CalendarInstance instance) {
        return instances().resource(instance).create();
    }

    List<RecordedRequest> drainOperatorRequests() {
        return cluster.drainRequests();
    }

    List<RecordedRequest> awaitOperatorQuiet(Duration quiet) {
        return cluster.awaitQuiet(quiet);
    }

    @Override
    public void close() {
        stopOperator();
        cluster.close();
        redis.close();
    }
}
