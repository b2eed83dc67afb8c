package dev.cps.calendar.operator.reconciler;

import dev.cps.calendar.api.AppEnvironment;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.api.PoolKeys;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.Phase;
import dev.cps.calendar.operator.customresource.Placement;
import dev.cps.calendar.operator.pool.PoolObjects;
import dev.cps.calendar.operator.testing.Calendars;
import dev.cps.calendar.operator.testing.OperatorHarness;
import dev.cps.calendar.testing.RedisWrites;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shared placement on the stand-in API and a real Redis: two calendars in one pool, each fenced in;
 * the pool outlives a member and goes with the last; a move from Dedicated to Shared and back keeps
 * the bookings and ends with the right objects; an unchanged Shared calendar costs no write.
 */
class SharedPlacementTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String POOL = PoolObjects.name("shared");
    private static OperatorHarness harness;

    @BeforeAll
    static void startOperator() {
        harness = OperatorHarness.start();
    }

    @AfterAll
    static void stopOperator() {
        harness.close();
    }

    @Test
    void twoSharedCalendarsAreServedByOnePoolThatReadsExactlyTheirKeys() {
        String ns = "bakeries";
        CalendarInstance corner = harness.create(shared(ns, "corner"));
        CalendarInstance harbour = harness.create(shared(ns, "harbour"));

        Deployment pool = await().atMost(WAIT).until(() -> deployment(ns, POOL),
                d -> d != null && d.getMetadata().getOwnerReferences().size() == 2);
        assertThat(pool.getMetadata().getOwnerReferences()).extracting(o -> o.getUid()).containsExactlyInAnyOrder(
                corner.getMetadata().getUid(), harbour.getMetadata().getUid());
        assertThat(pool.getMetadata().getOwnerReferences()).allSatisfy(o -> assertThat(o.getController()).isFalse());
        List<EnvVar> env = pool.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertThat(env).anySatisfy(e -> assertThat(e).isEqualTo(new EnvVar(AppEnvironment.POOL_ID, ns + ".shared", null)));
        assertThat(env).noneMatch(e -> e.getName().equals(AppEnvironment.INSTANCE_SLUG));
        assertThat(env).filteredOn(e -> e.getName().equals(AppEnvironment.REDIS_URL)).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(PoolObjects.secretName("shared")));
        for (HasMetadata owned : List.of(child(Service.class, ns, POOL), child(Secret.class, ns, PoolObjects.secretName("shared")))) {
            assertThat(owned.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(o -> assertThat(o.getUid()).isEqualTo(pool.getMetadata().getUid()));
        }
        for (String name : List.of("corner", "harbour")) {
            Ingress ingress = child(Ingress.class, ns, name);
            assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo(name + "." + OperatorHarness.BASE_DOMAIN);
            assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getName())
                    .isEqualTo(POOL);
        }
        assertThat(deployment(ns, "corner")).as("a Shared calendar has no Deployment of its own").isNull();
        assertThat(harness.client().services().inNamespace(ns).withName("corner").get()).isNull();

        PoolKeys keys = PoolKeys.of(ns, "shared");
        try (Jedis admin = harness.admin()) {
            await().atMost(WAIT).until(() -> admin.hgetAll(keys.members()), members -> members.size() == 2);
            assertThat(admin.hgetAll(keys.members())).isEqualTo(Map.of("corner." + OperatorHarness.BASE_DOMAIN, "corner",
                    "harbour." + OperatorHarness.BASE_DOMAIN, "harbour"));
            assertThat(keyPatterns(admin, keys)).containsExactlyInAnyOrder(keys.aclKeyPattern(),
                    InstanceKeys.of("corner").aclKeyPattern(), InstanceKeys.of("harbour").aclKeyPattern());
        }

        markReady(ns, POOL, 2);
        CalendarInstance active = awaitPhase(ns, "corner", Phase.Active);
        assertThat(active.getStatus().getPlacement()).isEqualTo("Shared (pool shared)");
        assertThat(active.getStatus().getPool()).isEqualTo("shared");
        assertThat(active.getStatus().getReadyReplicas()).isEqualTo(2);
        awaitPhase(ns, "harbour", Phase.Active);
        assertThat(events(ns, "corner")).contains("JoinedPool");

        harness.instances().inNamespace(ns).withName("harbour").delete();
        await().atMost(WAIT).until(() -> harness.get(ns, "harbour") == null);
        harness.collectGarbage();
        harness.collectGarbage();
        assertThat(deployment(ns, POOL)).as("the pool stays while it has a member").isNotNull();
        try (Jedis admin = harness.admin()) {
            assertThat(admin.hgetAll(keys.members())).isEqualTo(Map.of("corner." + OperatorHarness.BASE_DOMAIN, "corner"));
            assertThat(keyPatterns(admin, keys)).containsExactlyInAnyOrder(keys.aclKeyPattern(), InstanceKeys.of("corner").aclKeyPattern());
            assertThat(admin.keys(InstanceKeys.of("harbour").allKeysGlob())).as("deletionPolicy Delete").isEmpty();
        }

        harness.instances().inNamespace(ns).withName("corner").delete();
        await().atMost(WAIT).until(() -> harness.get(ns, "corner") == null);
        harness.collectGarbage(); // the Deployment, whose last owner is gone
        harness.collectGarbage(); // then its Service and Secret
        assertThat(deployment(ns, POOL)).isNull();
        assertThat(harness.client().services().inNamespace(ns).withName(POOL).get()).isNull();
        assertThat(harness.client().secrets().inNamespace(ns).withName(PoolObjects.secretName("shared")).get()).isNull();
        try (Jedis admin = harness.admin()) {
            assertThat(admin.aclGetUser(keys.username())).isNull();
            assertThat(admin.exists(keys.members())).isFalse();
        }
    }

    @Test
    void aResyncOfConvergedSharedCalendarsWritesNothing() {
        String ns = "steady-pool";
        harness.create(shared(ns, "steady-a"));
        harness.create(shared(ns, "steady-b"));
        await().atMost(WAIT).until(() -> deployment(ns, POOL), d -> d != null && d.getMetadata().getOwnerReferences().size() == 2);
        markReady(ns, POOL, 2);
        awaitPhase(ns, "steady-a", Phase.Active);
        awaitPhase(ns, "steady-b", Phase.Active);
        harness.awaitOperatorQuiet(Duration.ofSeconds(2));

        harness.create(shared(ns, "steady-c"));
        awaitPhase(ns, "steady-c", Phase.Active);
        List<RecordedRequest> joining = harness.awaitOperatorQuiet(Duration.ofSeconds(2));
        System.out.printf("API writes for a calendar joining a running pool, until Active: %d %s%n",
                OperatorHarness.writes(joining).size(), OperatorHarness.writes(joining).stream()
                        .map(r -> r.getMethod() + " " + r.getPath().replaceAll("\\?.*", "")).toList());
        // finalizer, two Secrets, the Ingress, the pool's owner references, status, Events (JoinedPool, Available);
        // the resync below then reconciles the three calendars that share the pool
        assertThat(OperatorHarness.writes(joining)).hasSizeLessThanOrEqualTo(8);

        try (Jedis admin = harness.admin()) {
            RedisWrites before = RedisWrites.of(admin);
            harness.stopOperator();
            harness.startOperator();
            await().atMost(WAIT).until(() -> RedisWrites.of(admin).calls("hgetall") - before.calls("hgetall") >= 3);
            List<RecordedRequest> resync = harness.awaitOperatorQuiet(Duration.ofSeconds(3));
            assertThat(OperatorHarness.writes(resync)).as("writes to the API server on resync").isEmpty();
            assertThat(RedisWrites.of(admin).writesSince(before)).as("writes to Redis on resync").isZero();
            System.out.printf("resync of 3 converged Shared calendars: %d API requests, 0 writes%n", resync.size());
        }
    }

    @Test
    void dedicatedToSharedAndBackKeepsTheBookingsAndEndsWithTheRightObjects() {
        String ns = "movers";
        harness.create(Calendars.jackAndBonnie(ns, "mover"));
        markReady(ns, "mover", 1);
        awaitPhase(ns, "mover", Phase.Active);
        InstanceKeys keys = InstanceKeys.of("mover");
        try (Jedis admin = harness.admin()) {
            admin.hset(keys.bookingDay(LocalDate.of(2026, 12, 3)), "10:00", "{\"user\":\"Jack\",\"duration\":2}");
        }

        edit(ns, "mover", Placement.Shared);
        await().atMost(WAIT).until(() -> deployment(ns, POOL) != null);
        sleep(Duration.ofSeconds(3));
        assertThat(deployment(ns, "mover")).as("its own pods serve it until the pool's are ready").isNotNull();
        assertThat(backend(ns, "mover")).isEqualTo("mover");
        long poolReadyAt = System.nanoTime();
        markReady(ns, POOL, 2);
        await().atMost(WAIT).until(() -> POOL.equals(backend(ns, "mover")));
        long routedAt = System.nanoTime();
        await().atMost(WAIT).until(() -> deployment(ns, "mover") == null
                && harness.client().services().inNamespace(ns).withName("mover").get() == null);
        long ownGoneAt = System.nanoTime();
        CalendarInstance shared = await().atMost(WAIT).until(() -> harness.get(ns, "mover"),
                i -> "Shared (pool shared)".equals(i.getStatus().getPlacement()) && i.getStatus().getPhase() == Phase.Active);
        assertThat(shared.getStatus().getPool()).isEqualTo("shared");
        System.out.printf("Dedicated -> Shared: route on the pool %d ms after its pod was ready, own Deployment deleted %d ms later%n",
                (routedAt - poolReadyAt) / 1_000_000, (ownGoneAt - routedAt) / 1_000_000);

        edit(ns, "mover", Placement.Dedicated);
        await().atMost(WAIT).until(() -> deployment(ns, "mover") != null);
        sleep(Duration.ofSeconds(3));
        assertThat(backend(ns, "mover")).as("the pool serves it until its own pods are ready").isEqualTo(POOL);
        long ownReadyAt = System.nanoTime();
        markReady(ns, "mover", 1);
        await().atMost(WAIT).until(() -> "mover".equals(backend(ns, "mover")));
        long backAt = System.nanoTime();
        await().atMost(WAIT).until(() -> deployment(ns, POOL) == null);
        CalendarInstance dedicated = await().atMost(WAIT).until(() -> harness.get(ns, "mover"),
                i -> "Dedicated".equals(i.getStatus().getPlacement()) && i.getStatus().getPool() == null);
        assertThat(dedicated.getStatus().getPhase()).isEqualTo(Phase.Active);
        System.out.printf("Shared -> Dedicated: route on its own Service %d ms after its pod was ready%n",
                (backAt - ownReadyAt) / 1_000_000);
        try (Jedis admin = harness.admin()) {
            assertThat(admin.hget(keys.bookingDay(LocalDate.of(2026, 12, 3)), "10:00")).as("the booking moved with it, twice")
                    .contains("Jack");
            PoolKeys pool = PoolKeys.of(ns, "shared");
            assertThat(admin.exists(pool.members())).isFalse();
            assertThat(admin.aclGetUser(pool.username())).isNull();
        }
        assertThat(events(ns, "mover")).contains("JoinedPool", "LeftPool");
    }

    /** An edit, tried again when it races the operator's own status patch (409). */
    private static void edit(String namespace, String name, Placement placement) {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            harness.edit(namespace, name, instance -> instance.getSpec().setPlacement(placement));
            return true;
        });
    }

    static CalendarInstance shared(String namespace, String name) {
        CalendarInstance instance = Calendars.jackAndBonnie(namespace, name);
        instance.getSpec().setPlacement(Placement.Shared);
        return instance;
    }

    private static List<String> keyPatterns(Jedis admin, PoolKeys keys) {
        return List.of(String.join(" ", admin.aclGetUser(keys.username()).getKeysList()).split(" "));
    }

    private static String backend(String namespace, String name) {
        Ingress ingress = harness.client().network().v1().ingresses().inNamespace(namespace).withName(name).get();
        return ingress == null ? null : ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getName();
    }

    private static List<String> events(String namespace, String name) {
        return harness.client().v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().equals(name)).map(e -> e.getReason()).toList();
    }

    private static Deployment deployment(String namespace, String name) {
        return harness.client().apps().deployments().inNamespace(namespace).withName(name).get();
    }

    private static <T extends HasMetadata> T child(Class<T> type, String namespace, String name) {
        return await().atMost(WAIT).until(() -> harness.client().resources(type).inNamespace(namespace).withName(name).get(),
                c -> c != null);
    }

    private static void markReady(String namespace, String name, int ready) {
        Deployment deployment = await().atMost(WAIT).until(() -> deployment(namespace, name), d -> d != null);
        deployment.setStatus(new DeploymentStatusBuilder().withReplicas(ready).withReadyReplicas(ready).withAvailableReplicas(ready).build());
        harness.client().apps().deployments().inNamespace(namespace).resource(deployment).updateStatus();
    }

    private static CalendarInstance awaitPhase(String namespace, String name, Phase phase) {
        return await().atMost(WAIT).until(() -> harness.get(namespace, name),
                i -> i != null && i.getStatus() != null && i.getStatus().getPhase() == phase);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
