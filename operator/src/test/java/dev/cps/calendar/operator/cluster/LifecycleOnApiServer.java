package dev.cps.calendar.operator.cluster;

import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.DeletionPolicy;
import dev.cps.calendar.operator.customresource.Phase;
import dev.cps.calendar.operator.redis.InstanceRedisUsers;
import dev.cps.calendar.operator.status.Conditions;
import dev.cps.calendar.operator.testing.Calendars;
import dev.cps.calendar.testing.kube.AuditEvent;
import dev.cps.calendar.testing.kube.KubeControlPlane;
import dev.cps.calendar.testing.kube.KubeControlPlaneExtension;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A calendar's whole life on a real API server, with the real garbage collector, a real Redis and
 * the operator limited to the chart's RBAC: create, ready, edit, suspend, resume, delete; a slug
 * conflict across namespaces; Redis down and back; and a steady state that writes nothing. Run
 * once per way the operator writes ({@link LifecycleWithoutSsaTest}, {@link LifecycleWithSsaTest}).
 */
@ExtendWith(KubeControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LifecycleOnApiServer {

    private static final Duration LONG = Duration.ofSeconds(45);

    private ClusterOperator operator;
    private final String prefix;
    private final boolean ssa;
    private long installedAt;

    LifecycleOnApiServer(String prefix, boolean ssa) {
        this.prefix = prefix;
        this.ssa = ssa;
    }

    @BeforeAll
    void install(KubeControlPlane cluster) {
        installedAt = cluster.audit().mark();
        operator = ClusterOperator.start(cluster, List.of(ns("a"), ns("b"), ns("many")), Map.of("USE_SSA", Boolean.toString(ssa)));
    }

    @AfterAll
    void remove() {
        try {
            List<AuditEvent> forbidden = operator.operatorRequests(installedAt).stream().filter(AuditEvent::isForbidden).toList();
            assertThat(forbidden).as("requests the chart's RBAC refused the operator").isEmpty();
        } finally {
            operator.close();
        }
    }

    private String ns(String name) {
        return prefix + "-" + name;
    }

    @Test
    void createReadyEditSuspendResumeDeleteAndTheGarbageCollectorRemovesTheChildren() {
        String ns = ns("a");
        long mark = operator.audit().mark();
        CalendarInstance created = operator.create(Calendars.withPolicy(Calendars.jackAndBonnie(ns, "eclipse"), DeletionPolicy.Delete));

        List<HasMetadata> children = List.of(child(Secret.class, ns, "eclipse-redis"), child(Deployment.class, ns, "eclipse"),
                child(Service.class, ns, "eclipse"), child(Ingress.class, ns, "eclipse"));
        for (HasMetadata child : children) {
            assertThat(child.getMetadata().getOwnerReferences()).as(child.getKind()).singleElement().satisfies(owner -> {
                assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid());
                assertThat(owner.getController()).isTrue();
                assertThat(owner.getBlockOwnerDeletion()).isTrue();
            });
        }
        awaitPhase(ns, "eclipse", Phase.Provisioning);
        operator.awaitQuiet(Duration.ofSeconds(1));
        List<AuditEvent> forNewInstance = operator.operatorRequests(mark).stream().filter(e -> !e.verb().equals("watch")).toList();
        System.out.printf("API requests for a new instance (%s): %d, writes %d: %s%n", prefix, forNewInstance.size(),
                forNewInstance.stream().filter(AuditEvent::isWrite).count(), forNewInstance);
        assertThat(forNewInstance.stream().filter(AuditEvent::isWrite).count()).as("writes for a new instance").isLessThanOrEqualTo(8);

        operator.reportReady(ns, "eclipse", 1);
        CalendarInstance active = awaitPhase(ns, "eclipse", Phase.Active);
        assertThat(Conditions.isTrue(active.getStatus().getConditions(), Conditions.READY)).isTrue();
        assertThat(active.getStatus().getObservedGeneration()).isEqualTo(active.getMetadata().getGeneration());

        String deploymentVersion = deployment(ns, "eclipse").getMetadata().getResourceVersion();
        operator.edit(ns, "eclipse", i -> i.getSpec().setTitle("Eclipse, edited"));
        try (Jedis redis = operator.redisAdmin()) {
            await().atMost(LONG).until(() -> ContractJson.readConfig(redis.get(InstanceKeys.of("eclipse").config())).title(),
                    "Eclipse, edited"::equals);
        }
        await().atMost(LONG).until(() -> operator.get(ns, "eclipse").getStatus().getObservedGeneration() == 2L);
        assertThat(deployment(ns, "eclipse").getMetadata().getResourceVersion()).as("a title edit leaves the Deployment alone")
                .isEqualTo(deploymentVersion);

        operator.edit(ns, "eclipse", i -> i.getSpec().setSuspended(true));
        awaitPhase(ns, "eclipse", Phase.Suspended);
        assertThat(deployment(ns, "eclipse").getSpec().getReplicas()).isZero();
        operator.edit(ns, "eclipse", i -> i.getSpec().setSuspended(false));
        await().atMost(LONG).until(() -> deployment(ns, "eclipse").getSpec().getReplicas() == 1);
        operator.reportReady(ns, "eclipse", 1);
        awaitPhase(ns, "eclipse", Phase.Active);

        operator.instances().inNamespace(ns).withName("eclipse").delete();
        await().atMost(LONG).until(() -> operator.get(ns, "eclipse") == null);
        for (HasMetadata child : children) {
            await("the garbage collector removes " + child.getKind()).atMost(LONG)
                    .until(() -> operator.admin().resources(child.getClass()).inNamespace(ns)
                            .withName(child.getMetadata().getName()).get() == null);
        }
        try (Jedis redis = operator.redisAdmin()) {
            assertThat(redis.keys(InstanceKeys.of("eclipse").allKeysGlob())).isEmpty();
            assertThat(redis.aclGetUser(InstanceRedisUsers.username("eclipse"))).isNull();
        }
    }

    @Test
    void aSlugTakenInAnotherNamespaceIsAConflictAndChangesNothingOfTheFirst() {
        operator.create(Calendars.jackAndBonnie(ns("a"), "adventure"));
        Secret first = child(Secret.class, ns("a"), "adventure-redis");
        awaitPhase(ns("a"), "adventure", Phase.Provisioning);

        CalendarInstance second = Calendars.jackAndBonnie(ns("b"), "adventure-works");
        second.getSpec().setSlug("adventure");
        operator.create(second);

        CalendarInstance conflicted = awaitPhase(ns("b"), "adventure-works", Phase.Failed);
        var ready = Conditions.find(conflicted.getStatus().getConditions(), Conditions.READY).orElseThrow();
        assertThat(ready.getReason()).isEqualTo("SlugConflict");
        assertThat(ready.getMessage()).contains(ns("a") + "/adventure");
        assertThat(operator.admin().apps().deployments().inNamespace(ns("b")).withName("adventure-works").get()).isNull();
        assertThat(operator.admin().secrets().inNamespace(ns("a")).withName("adventure-redis").get().getData())
                .isEqualTo(first.getData());
    }

    @Test
    void redisDownIsReportedAndTheCalendarRecoversWhenRedisIsBack() {
        String ns = ns("b");
        operator.create(Calendars.jackAndBonnie(ns, "tailspin"));
        child(Deployment.class, ns, "tailspin");
        operator.reportReady(ns, "tailspin", 1);
        awaitPhase(ns, "tailspin", Phase.Active);

        operator.redis().kill();
        operator.edit(ns, "tailspin", i -> i.getSpec().setTitle("Tailspin Toys"));
        CalendarInstance degraded = awaitPhase(ns, "tailspin", Phase.Degraded);
        assertThat(Conditions.find(degraded.getStatus().getConditions(), Conditions.READY).orElseThrow().getReason())
                .isEqualTo("RedisUnavailable");

        operator.redis().restart();
        awaitPhase(ns, "tailspin", Phase.Active);
        try (Jedis redis = operator.redisAdmin()) {
            assertThat(ContractJson.readConfig(redis.get(InstanceKeys.of("tailspin").config())).title()).isEqualTo("Tailspin Toys");
            assertThat(redis.aclGetUser(InstanceRedisUsers.username("tailspin"))).isNotNull();
        }
    }

    @Test
    void fiftyConvergedCalendarsCostNoWriteOnAFullResync() {
        String ns = ns("many");
        IntStream.range(0, 50).forEach(i -> operator.create(Calendars.jackAndBonnie(ns, "steady-" + i)));
        IntStream.range(0, 50).forEach(i -> {
            child(Deployment.class, ns, "steady-" + i);
            operator.reportReady(ns, "steady-" + i, 1);
        });
        await().atMost(Duration.ofSeconds(90)).until(() -> operator.instances().inNamespace(ns).list().getItems().stream()
                .allMatch(i -> i.getStatus() != null && i.getStatus().getPhase() == Phase.Active));
        // a new operator process reconciles every instance at start, then again at each resync
        assertThat(operator.writesOverARestartAndTwoResyncs()).as("writes by the operator after a restart and two resyncs").isEmpty();
    }

    private CalendarInstance awaitPhase(String namespace, String name, Phase phase) {
        return await().atMost(LONG).until(() -> operator.get(namespace, name),
                i -> i != null && i.getStatus() != null && i.getStatus().getPhase() == phase);
    }

    private Deployment deployment(String namespace, String name) {
        return operator.admin().apps().deployments().inNamespace(namespace).withName(name).get();
    }

    private <T extends HasMetadata> T child(Class<T> type, String namespace, String name) {
        return await().atMost(LONG)
                .until(() -> operator.admin().resources(type).inNamespace(namespace).withName(name).get(), c -> c != null);
    }
}
