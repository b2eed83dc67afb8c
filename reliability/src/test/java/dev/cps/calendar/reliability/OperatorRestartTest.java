package dev.cps.calendar.reliability;

import dev.cps.calendar.operator.testing.Calendars;
import dev.cps.calendar.operator.testing.OperatorHarness;

import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.Phase;
import dev.cps.calendar.operator.dependentresource.RedisSecretDependentResource;
import dev.cps.calendar.operator.redis.InstanceRedisUsers;
import dev.cps.calendar.operator.status.Conditions;
import dev.cps.calendar.testing.RedisServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator pod dies in the middle of provisioning 200 calendars and a new one takes over.
 * The new one finishes the work without doubling anything, every calendar ends Active with one
 * Secret, Deployment, Service and Ingress and a Redis user whose password is the one in its
 * Secret; deleting them all leaves Redis as clean as it was.
 */
@ReliabilitySuite(order = 3, name = "Operator restart",
        tried = "(1) 200 CalendarInstances in 4 namespaces (CRUD mock API server + real Redis); the operator is stopped "
                + "after ~20 of them have children, a new operator starts; then all 200 are deleted; (2) Redis restarts "
                + "empty (no persistence) under a running operator with 20 calendars",
        expected = "all converge (children exist, config seeded, Redis user works with the Secret's password, "
                + "Active/Ready=True once the Deployments report ready); exactly one Secret, Deployment, Service, Ingress "
                + "each; after deletion no `instance:*` key and no ACL user but `default`; (2) at the next resync every config, "
                + "slug claim and Redis user is back, and each Secret's password works again",
        unit = "instances")
class OperatorRestartTest {

    private static final int INSTANCES = 200;
    private static final int NAMESPACES = 4;
    private static final Duration CONVERGE = Duration.ofSeconds(60);

    private RedisServer redis;
    private OperatorHarness stack;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        stack = OperatorHarness.on(redis);
    }

    @AfterEach
    void stop() {
        stack.close();
        redis.close();
    }

    @Test
    void aNewOperatorFinishesWhatAStoppedOneStartedWithoutDuplicatesOrLeftovers(TestReporter reporter) {
        List<CalendarInstance> created = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            created.add(stack.instances().resource(calendar("team-" + (i % NAMESPACES), name(i))).create());
        }
        reporter.publishEntry(ReliabilityReport.CASES, String.valueOf(INSTANCES));

        stack.startOperator();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> stack.children(Deployment.class).size() >= 20);
        stack.stopOperator();
        int deploymentsAtStop = stack.children(Deployment.class).size();
        assertThat(deploymentsAtStop).as("Deployments when the first operator stopped: it must stop mid-way").isLessThan(INSTANCES);

        stack.startOperator();

        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (Class<? extends HasMetadata> type : OperatorHarness.CHILDREN) {
                assertThat(stack.children(type)).as(type.getSimpleName() + "s").hasSize(INSTANCES * perInstance(type));
            }
        });
        assertExactlyOneChildOfEachNamePerInstance(created);
        try (Jedis admin = new Jedis(URI.create(redis.url()))) {
            await().atMost(CONVERGE).untilAsserted(() -> {
                for (int i = 0; i < INSTANCES; i++) {
                    assertThat(admin.exists(InstanceKeys.of(name(i)).config())).as("config of " + name(i)).isTrue();
                }
            });
            assertThat(admin.aclUsers()).as("ACL users").hasSize(INSTANCES + 1)
                    .contains("default", InstanceRedisUsers.username(name(0)), InstanceRedisUsers.username(name(INSTANCES - 1)));
            for (int i = 0; i < INSTANCES; i++) {
                assertThat(ContractJson.readConfig(admin.get(InstanceKeys.of(name(i)).config())).title()).isEqualTo("Calendar " + name(i));
            }
        }
        // the Redis user of each calendar takes the password its Secret holds, whichever operator wrote what
        for (Secret secret : stack.children(Secret.class)) {
            if (!secret.getMetadata().getName().endsWith("-redis")) {
                continue; // the access Secret holds passcodes, not a Redis URL
            }
            String slug = secret.getMetadata().getName().replaceFirst("-redis$", "");
            String url = decode(secret, RedisSecretDependentResource.REDIS_URL);
            try (Jedis app = new Jedis(URI.create(url))) {
                assertThat(app.get(InstanceKeys.of(slug).config())).as("config read as calendar-" + slug).contains("\"slug\":\"" + slug + "\"");
            }
        }

        // the pods come up (the mock has no kubelet): every calendar becomes Active and Ready
        for (Deployment deployment : stack.children(Deployment.class)) {
            markReady(deployment);
        }
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<CalendarInstance> all = stack.instances().inAnyNamespace().list().getItems();
            assertThat(all).hasSize(INSTANCES).allSatisfy(instance -> {
                assertThat(instance.getStatus()).as(instance.getMetadata().getName()).isNotNull();
                assertThat(instance.getStatus().getPhase()).as(instance.getMetadata().getName()).isEqualTo(Phase.Active);
                assertThat(Conditions.isTrue(instance.getStatus().getConditions(), Conditions.READY)).isTrue();
                assertThat(instance.getStatus().getObservedGeneration()).isEqualTo(instance.getMetadata().getGeneration());
            });
        });
        assertExactlyOneChildOfEachNamePerInstance(created);

        for (CalendarInstance instance : created) {
            stack.instances().inNamespace(instance.getMetadata().getNamespace()).withName(instance.getMetadata().getName()).delete();
        }
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500))
                .until(() -> stack.instances().inAnyNamespace().list().getItems().isEmpty());
        stack.collectGarbage();
        for (Class<? extends HasMetadata> type : OperatorHarness.CHILDREN) {
            assertThat(stack.children(type)).as(type.getSimpleName() + "s left").isEmpty();
        }
        try (Jedis admin = new Jedis(URI.create(redis.url()))) {
            assertThat(scan(admin, "instance:*")).as("instance keys left in Redis").isEmpty();
            assertThat(admin.aclUsers()).as("ACL users left in Redis").containsExactly("default");
        }
    }

    @Test
    void aRedisThatComesBackEmptyIsSetUpAgainAtTheNextResync(TestReporter reporter) {
        int calendars = 20;
        reporter.publishEntry(ReliabilityReport.CASES, String.valueOf(calendars));
        stack.startOperator(Duration.ofSeconds(5));
        for (int i = 0; i < calendars; i++) {
            stack.instances().resource(calendar("team-" + (i % NAMESPACES), name(i))).create();
        }
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500)).until(() -> stack.children(Secret.class).size() == calendars * perInstance(Secret.class));
        try (Jedis admin = new Jedis(URI.create(redis.url()))) {
            await().atMost(CONVERGE).until(() -> admin.aclUsers().size() == calendars + 1);
        }

        redis.restart(); // no persistence: every key and ACL user is gone

        try (Jedis admin = new Jedis(URI.create(redis.url()))) {
            assertThat(admin.dbSize()).isZero();
            await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(admin.aclUsers()).as("ACL users").hasSize(calendars + 1);
                for (int i = 0; i < calendars; i++) {
                    assertThat(admin.exists(InstanceKeys.of(name(i)).config())).as("config of " + name(i)).isTrue();
                    assertThat(admin.exists(InstanceKeys.of(name(i)).slugClaim())).as("slug claim of " + name(i)).isTrue();
                }
            });
        }
        for (Secret secret : stack.children(Secret.class)) {
            if (!secret.getMetadata().getName().endsWith("-redis")) {
                continue; // the access Secret holds passcodes, not a Redis URL
            }
            String slug = secret.getMetadata().getName().replaceFirst("-redis$", "");
            try (Jedis app = new Jedis(URI.create(decode(secret, RedisSecretDependentResource.REDIS_URL)))) {
                assertThat(app.get(InstanceKeys.of(slug).config())).as("config read as calendar-" + slug).contains("\"slug\":\"" + slug + "\"");
            }
        }
        assertExactlyOneChildOfEachNamePerInstance(stack.instances().inAnyNamespace().list().getItems());
    }

    /** Children of one kind per calendar: two Secrets (<slug>-redis and <slug>-access), one of the others. */
    private static int perInstance(Class<? extends HasMetadata> type) {
        return type == Secret.class ? 2 : 1;
    }

    private void assertExactlyOneChildOfEachNamePerInstance(List<CalendarInstance> created) {
        Map<String, String> names = created.stream().collect(Collectors.toMap(i -> i.getMetadata().getUid(), i -> i.getMetadata().getName()));
        for (Class<? extends HasMetadata> type : OperatorHarness.CHILDREN) {
            Map<String, Long> perOwner = stack.children(type).stream()
                    .collect(Collectors.groupingBy(child -> child.getMetadata().getOwnerReferences().get(0).getUid(), Collectors.counting()));
            assertThat(perOwner.keySet()).as(type.getSimpleName() + " owners").containsExactlyInAnyOrderElementsOf(names.keySet());
            long each = perInstance(type);
            assertThat(perOwner).as(type.getSimpleName() + "s per instance").allSatisfy((uid, count) ->
                    assertThat(count).as(names.get(uid)).isEqualTo(each));
            assertThat(stack.children(type)).allSatisfy(child -> assertThat(child.getMetadata().getOwnerReferences()).hasSize(1));
        }
    }

    private void markReady(Deployment deployment) {
        Function<Deployment, Deployment> ready = d -> {
            d.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).withAvailableReplicas(1).build());
            return d;
        };
        for (int attempt = 0; ; attempt++) {
            try {
                Deployment current = stack.client().apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
                        .withName(deployment.getMetadata().getName()).get();
                stack.client().apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
                        .resource(ready.apply(current)).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt > 5) {
                    throw e;
                }
            }
        }
    }

    private static List<String> scan(Jedis admin, String pattern) {
        List<String> keys = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = admin.scan(cursor, new ScanParams().match(pattern).count(1000));
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }

    private static String name(int i) {
        return String.format("cal-%03d", i);
    }

    private static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    /** Jack and Bonnie's calendar, titled after its name. */
    private static CalendarInstance calendar(String namespace, String name) {
        CalendarInstance instance = Calendars.jackAndBonnie(namespace, name);
        instance.getSpec().setTitle("Calendar " + name);
        instance.getSpec().setSubtitle(null);
        return instance;
    }
}
