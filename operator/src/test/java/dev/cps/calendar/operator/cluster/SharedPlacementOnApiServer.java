package dev.cps.calendar.operator.cluster;

import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.api.PoolKeys;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.Phase;
import dev.cps.calendar.operator.customresource.Placement;
import dev.cps.calendar.operator.pool.PoolObjects;
import dev.cps.calendar.operator.testing.Calendars;
import dev.cps.calendar.testing.kube.AuditEvent;
import dev.cps.calendar.testing.kube.KubeControlPlane;
import dev.cps.calendar.testing.kube.KubeControlPlaneExtension;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shared placement on a real API server, with the real garbage collector and the chart's RBAC: two
 * calendars in one pool; a resync writes nothing; the collector drops a deleted member's owner
 * reference and takes the pool with the last one; Dedicated to Shared and back keeps the bookings;
 * {@code kubectl get cal} shows where each runs. Run once per way the operator writes its children
 * ({@link SharedPlacementWithoutSsaTest}, {@link SharedPlacementWithSsaTest}); the pool's objects are written the same
 * way in both.
 */
@ExtendWith(KubeControlPlaneExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SharedPlacementOnApiServer {

    private static final Duration LONG = Duration.ofSeconds(45);
    private static final String POOL = PoolObjects.name("shared");

    private ClusterOperator operator;
    private long installedAt;
    private final String prefix;
    private final boolean ssa;

    SharedPlacementOnApiServer(String prefix, boolean ssa) {
        this.prefix = prefix;
        this.ssa = ssa;
    }

    @BeforeAll
    void install(KubeControlPlane cluster) {
        installedAt = cluster.audit().mark();
        operator = ClusterOperator.start(cluster, List.of(prefix + "-a", prefix + "-move"), Map.of("USE_SSA", Boolean.toString(ssa)));
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

    @Test
    void onePoolServesTwoCalendarsUntilTheLastIsDeleted(KubeControlPlane cluster) {
        String ns = prefix + "-a";
        CalendarInstance corner = operator.create(shared(ns, "corner"));
        CalendarInstance harbour = operator.create(shared(ns, "harbour"));
        Deployment pool = await().atMost(LONG).until(() -> deployment(ns, POOL),
                d -> d != null && d.getMetadata().getOwnerReferences().size() == 2);
        assertThat(pool.getMetadata().getOwnerReferences()).extracting(OwnerReference::getUid)
                .containsExactlyInAnyOrder(corner.getMetadata().getUid(), harbour.getMetadata().getUid());
        for (String name : List.of("corner", "harbour")) {
            Ingress ingress = await().atMost(LONG).until(() -> operator.admin().network().v1().ingresses().inNamespace(ns).withName(name).get(),
                    i -> i != null);
            assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getName()).isEqualTo(POOL);
        }
        assertThat(operator.admin().services().inNamespace(ns).withName(POOL).get()).isNotNull();
        PoolKeys keys = PoolKeys.of(ns, "shared");
        try (Jedis redis = operator.redisAdmin()) {
            await().atMost(LONG).until(() -> redis.hlen(keys.members()) == 2);
        }

        operator.reportReady(ns, POOL, 2);
        awaitPhase(ns, "corner", Phase.Active);
        awaitPhase(ns, "harbour", Phase.Active);
        assertThat(deployment(ns, "corner")).isNull();

        List<Map<String, String>> rows = CrdOnApiServerTest.table(cluster.kubectl("get", "cal", "-n", ns).outOrFail());
        assertThat(rows.get(0).keySet()).containsExactly("NAME", "SLUG", "URL", "PHASE", "READY", "PLACEMENT", "AGE");
        assertThat(rows).allSatisfy(row -> assertThat(row).containsEntry("PLACEMENT", "Shared (pool shared)"));

        assertThat(operator.writesOverARestartAndTwoResyncs()).as("writes by the operator after a restart and two resyncs of Shared"
                + " calendars").isEmpty();

        operator.instances().inNamespace(ns).withName("harbour").delete();
        await().atMost(LONG).until(() -> operator.get(ns, "harbour") == null);
        await("the garbage collector drops the deleted member's owner reference").atMost(LONG)
                .until(() -> deployment(ns, POOL).getMetadata().getOwnerReferences(), refs -> refs.size() == 1);
        try (Jedis redis = operator.redisAdmin()) {
            assertThat(redis.hgetAll(keys.members())).isEqualTo(Map.of("corner." + ClusterOperator.BASE_DOMAIN, "corner"));
            assertThat(String.join(" ", redis.aclGetUser(keys.username()).getKeysList()))
                    .doesNotContain(InstanceKeys.of("harbour").aclKeyPattern()).contains(InstanceKeys.of("corner").aclKeyPattern());
        }

        operator.instances().inNamespace(ns).withName("corner").delete();
        await("the garbage collector deletes the pool with its last member").atMost(LONG).until(() -> deployment(ns, POOL) == null
                && operator.admin().services().inNamespace(ns).withName(POOL).get() == null
                && operator.admin().secrets().inNamespace(ns).withName(PoolObjects.secretName("shared")).get() == null);
        try (Jedis redis = operator.redisAdmin()) {
            assertThat(redis.aclGetUser(keys.username())).isNull();
        }
    }

    @Test
    void dedicatedToSharedAndBackKeepsTheBookings() {
        String ns = prefix + "-move";
        operator.create(Calendars.jackAndBonnie(ns, "mover"));
        operator.reportReady(ns, "mover", 1);
        awaitPhase(ns, "mover", Phase.Active);
        InstanceKeys keys = InstanceKeys.of("mover");
        try (Jedis redis = operator.redisAdmin()) {
            redis.hset(keys.bookingDay(LocalDate.of(2026, 12, 3)), "10:00", "{\"user\":\"Jack\",\"duration\":2}");
        }

        edit(ns, "mover", Placement.Shared);
        operator.reportReady(ns, POOL, 2);
        await().atMost(LONG).until(() -> POOL.equals(backend(ns, "mover")));
        await().atMost(LONG).until(() -> deployment(ns, "mover") == null
                && operator.admin().services().inNamespace(ns).withName("mover").get() == null);
        await().atMost(LONG).until(() -> operator.get(ns, "mover").getStatus(),
                s -> "Shared (pool shared)".equals(s.getPlacement()) && s.getPhase() == Phase.Active);

        edit(ns, "mover", Placement.Dedicated);
        await().atMost(LONG).until(() -> deployment(ns, "mover") != null);
        assertThat(backend(ns, "mover")).as("the pool serves it until its own pods are ready").isEqualTo(POOL);
        operator.reportReady(ns, "mover", 1);
        await().atMost(LONG).until(() -> "mover".equals(backend(ns, "mover")));
        await("the pool goes when its last member left it by an edit").atMost(LONG).until(() -> deployment(ns, POOL) == null);
        CalendarInstance back = await().atMost(LONG).until(() -> operator.get(ns, "mover"),
                i -> "Dedicated".equals(i.getStatus().getPlacement()) && i.getStatus().getPool() == null);
        assertThat(back.getStatus().getPhase()).isEqualTo(Phase.Active);
        try (Jedis redis = operator.redisAdmin()) {
            assertThat(redis.hget(keys.bookingDay(LocalDate.of(2026, 12, 3)), "10:00")).contains("Jack");
        }
    }

    /** An edit, tried again when it races the operator's own status patch (409). */
    private void edit(String namespace, String name, Placement placement) {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            operator.edit(namespace, name, instance -> instance.getSpec().setPlacement(placement));
            return true;
        });
    }

    private static CalendarInstance shared(String namespace, String name) {
        CalendarInstance instance = Calendars.jackAndBonnie(namespace, name);
        instance.getSpec().setPlacement(Placement.Shared);
        return instance;
    }

    private String backend(String namespace, String name) {
        Ingress ingress = operator.admin().network().v1().ingresses().inNamespace(namespace).withName(name).get();
        return ingress == null ? null : ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getName();
    }

    private Deployment deployment(String namespace, String name) {
        return operator.admin().apps().deployments().inNamespace(namespace).withName(name).get();
    }

    private CalendarInstance awaitPhase(String namespace, String name, Phase phase) {
        return await().atMost(LONG).until(() -> operator.get(namespace, name),
                i -> i != null && i.getStatus() != null && i.getStatus().getPhase() == phase);
    }
}
