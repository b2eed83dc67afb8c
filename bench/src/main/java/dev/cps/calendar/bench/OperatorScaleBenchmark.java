package dev.cps.calendar.bench;

import dev.cps.calendar.operator.CalendarOperator;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.UserSpec;
import dev.cps.calendar.operator.customresource.CalendarInstanceSpec;
import dev.cps.calendar.operator.dependentresource.ManagedLabels;
import dev.cps.calendar.operator.settings.OperatorSettings;
import dev.cps.calendar.testing.RedisWrites;
import dev.cps.calendar.testing.RedisServer;
import dev.cps.calendar.testing.kube.AuditEvent;
import dev.cps.calendar.testing.kube.AuditLog;
import dev.cps.calendar.testing.kube.KubeControlPlane;
import dev.cps.calendar.testing.kube.CalendarCrd;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The operator on a real control plane (etcd, kube-apiserver, kube-controller-manager from the test
 * kit) with a real Redis: 1,000 CalendarInstances created → time until every one has its children,
 * its config and a status; API requests per instance from the API server's audit log; operator heap
 * after GC; 5,000 unrelated Secrets and Deployments (no managed-by label) and the heap again; then a
 * new operator resyncs all 1,000 and what it writes. The operator runs in this JVM as a ServiceAccount
 * of its own, so the audit log tells its requests apart.
 */
final class OperatorScaleBenchmark {

    static final int INSTANCES = 1000;
    static final int UNRELATED = 5000;
    static final Duration LIMIT = Duration.ofMinutes(6);
    static final int APPLIERS = 8;
    private static final String NS = "scale";
    private static final String OPERATOR_NS = "calendar-system";
    private static final String OPERATOR_SA = "bench-operator";
    private static final String OPERATOR_USER = KubeControlPlane.serviceAccountUser(OPERATOR_NS, OPERATOR_SA);
    /** A calendar's Secrets: its Redis credentials and its passcodes. */
    private static final int CHILDREN_OF_KIND_SECRET = 2;

    private OperatorScaleBenchmark() {
    }

    static Result run(int instances) throws Exception {
        Path dir = Path.of("bench", "target", "kube");
        try (KubeControlPlane cluster = KubeControlPlane.start(dir, false, List.of(CalendarCrd.RESOURCE));
             RedisServer redis = RedisServer.start()) {
            KubernetesClient admin = cluster.admin();
            cluster.ensureNamespace(NS);
            // the test control plane's Service range (kube-api-test's 10.0.0.0/24) holds 254 Services: one more range (a ServiceCIDR, Kubernetes 1.33+)
            admin.genericKubernetesResources("networking.k8s.io/v1", "ServiceCIDR").resource(new GenericKubernetesResourceBuilder()
                    .withApiVersion("networking.k8s.io/v1").withKind("ServiceCIDR").withNewMetadata().withName("benchmark").endMetadata()
                    .addToAdditionalProperties("spec", Map.of("cidrs", List.of("10.1.0.0/16"))).build()).create();
            cluster.ensureNamespace(OPERATOR_NS);
            KubernetesClient operatorClient = cluster.clientAs(OPERATOR_NS, OPERATOR_SA, "calendar-operator-bench");
            // the benchmark is about cost, not rights: the chart's least-privilege RBAC is proven by the operator's cluster tests
            admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName(OPERATOR_SA).endMetadata()
                    .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("cluster-admin").endRoleRef()
                    .addNewSubject().withKind("ServiceAccount").withNamespace(OPERATOR_NS).withName(OPERATOR_SA).endSubject().build())
                    .serverSideApply();
            OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of("REDIS_URL", redis.url(), "BASE_DOMAIN", "calendar.test",
                    "LEADER_ELECTION", "false"));
            AuditLog audit = cluster.audit();
            double heapEmptyMiB;
            double convergeSeconds;
            double writesPerInstance;
            double requestsPerInstance;
            double heapMiB;
            double heapWithUnrelatedMiB;
            long unrelatedWrites;
            double unrelatedSeconds;
            try (CalendarOperator operator = CalendarOperator.start(settings, operatorClient, Clock.systemUTC(), false)) {
                awaitQuiet(audit, Duration.ofSeconds(2));
                heapEmptyMiB = heapAfterGcMiB();
                long mark = audit.mark();
                long start = System.nanoTime();
                createAll(instances, i -> {
                    return calendar("calendar-" + i);
                }, admin);
                double appliedSeconds = (System.nanoTime() - start) / 1e9;
                awaitConverged(admin, redis, instances);
                convergeSeconds = (System.nanoTime() - start) / 1e9;
                awaitQuiet(audit, Duration.ofSeconds(3));
                List<AuditEvent> requests = audit.since(mark, AuditLog.byUser(OPERATOR_USER));
                List<AuditEvent> writes = requests.stream().filter(AuditEvent::isWrite).toList();
                writesPerInstance = (double) writes.size() / instances;
                requestsPerInstance = (double) requests.stream().filter(e -> !e.verb().equals("watch")).count() / instances;
                heapMiB = heapAfterGcMiB();
                System.out.println("operator writes by kind: " + byKind(writes));
                System.out.printf("operator scale: %d applied in %.1f s, converged after %.1f s; %.2f writes, %.2f requests per instance;"
                                + " heap after GC %.0f MiB (%.0f MiB before the instances)%n",
                        instances, appliedSeconds, convergeSeconds, writesPerInstance, requestsPerInstance, heapMiB, heapEmptyMiB);

                // unrelated objects, as a busy cluster has: without the managed-by label no informer of the operator holds them
                long unrelatedMark = audit.mark();
                long unrelatedStart = System.nanoTime();
                createAll(UNRELATED, i -> i % 2 == 0 ? unrelatedSecret(i) : unrelatedDeployment(i), admin);
                unrelatedSeconds = (System.nanoTime() - unrelatedStart) / 1e9;
                awaitQuiet(audit, Duration.ofSeconds(3));
                unrelatedWrites = audit.since(unrelatedMark, AuditLog.byUser(OPERATOR_USER)).stream().filter(AuditEvent::isWrite).count();
                heapWithUnrelatedMiB = heapAfterGcMiB();
                System.out.printf("unrelated objects: %d Secrets and Deployments created in %.1f s; operator wrote %d; heap after GC %.0f MiB (was %.0f)%n",
                        UNRELATED, unrelatedSeconds, unrelatedWrites, heapWithUnrelatedMiB, heapMiB);
            }

            // steady state: a new operator reads every unchanged instance once and must write nothing
            RedisWrites before;
            try (Jedis jedis = new Jedis(URI.create(redis.url()))) {
                before = RedisWrites.of(jedis);
            }
            long resyncMark = audit.mark();
            long resyncStart = System.nanoTime();
            long apiWrites;
            long redisWrites;
            long resyncRequests;
            try (CalendarOperator resync = CalendarOperator.start(settings, operatorClient, Clock.systemUTC(), false)) {
                awaitQuiet(audit, Duration.ofSeconds(5));
                List<AuditEvent> requests = audit.since(resyncMark, AuditLog.byUser(OPERATOR_USER));
                List<AuditEvent> resyncWrites = requests.stream().filter(AuditEvent::isWrite).toList();
                apiWrites = resyncWrites.size();
                if (!resyncWrites.isEmpty()) {
                    System.out.println("resync writes by kind: " + byKind(resyncWrites) + ", of " + resyncWrites.stream()
                            .map(AuditEvent::name).distinct().count() + " objects: " + resyncWrites.stream().limit(20).toList());
                }
                resyncRequests = requests.stream().filter(e -> !e.verb().equals("watch")).count();
                try (Jedis jedis = new Jedis(URI.create(redis.url()))) {
                    redisWrites = RedisWrites.of(jedis).writesSince(before);
                }
            }
            double resyncSeconds = (System.nanoTime() - resyncStart) / 1e9 - 5;
            System.out.printf("steady state: resync of %d unchanged instances: %d API writes, %d Redis writes (%d requests, ~%.1f s)%n",
                    instances, apiWrites, redisWrites, resyncRequests, resyncSeconds);
            operatorClient.close();

            double unrelatedGrowth = heapWithUnrelatedMiB - heapMiB;
            boolean met = convergeSeconds <= 30 && writesPerInstance <= 7 && heapMiB <= 150 && apiWrites == 0 && redisWrites == 0
                    && unrelatedWrites == 0 && unrelatedGrowth <= 5;
            return new Result("operator scale + steady state",
                    instances + " CalendarInstances created (" + APPLIERS + " at a time) on the real control plane (kube-apiserver "
                            + cluster.kubernetesVersion() + " + etcd, audit log) + real Redis, operator in the benchmark's JVM; then "
                            + UNRELATED + " unrelated Secrets and Deployments; then a new operator resyncs the instances",
                    "converged in " + Stats.fmt(convergeSeconds) + " s; " + Stats.fmt(writesPerInstance) + " API writes per instance ("
                            + Stats.fmt(requestsPerInstance) + " requests but watches); heap after GC " + Stats.fmt(heapMiB) + " MiB ("
                            + Stats.fmt(heapEmptyMiB) + " with no instance); with " + UNRELATED + " unrelated objects "
                            + Stats.fmt(heapWithUnrelatedMiB) + " MiB (" + signed(unrelatedGrowth) + " MiB), " + unrelatedWrites
                            + " writes; resync: " + apiWrites + " API writes, " + redisWrites + " Redis writes",
                    "≤ 30 s; ≤ 7 writes per instance; ≤ 150 MB; unrelated objects: heap unchanged (±5 MiB); resync 0 writes",
                    met, "");
        }
    }

    private static String signed(double value) {
        return (value >= 0 ? "+" : "") + Stats.fmt(value);
    }

    /** Created the way kubectl apply -f of a folder or a GitOps sync does: several requests in flight. */
    private static void createAll(int count, IntFunction<HasMetadata> object, KubernetesClient admin) throws Exception {
        ExecutorService appliers = Executors.newFixedThreadPool(APPLIERS);
        try {
            List<Future<?>> created = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                HasMetadata resource = object.apply(i);
                created.add(appliers.submit(() -> admin.resource(resource).create()));
            }
            for (Future<?> done : created) {
                done.get();
            }
        } finally {
            appliers.shutdown();
        }
    }

    /** 4 KiB of data each: held in a cache, 2,500 of them would show in the heap. */
    private static HasMetadata unrelatedSecret(int i) {
        return new SecretBuilder().withNewMetadata().withName("unrelated-" + i).withNamespace(NS)
                .addToLabels("app.kubernetes.io/managed-by", "someone-else").endMetadata()
                .addToStringData("payload", "x".repeat(4096)).build();
    }

    private static HasMetadata unrelatedDeployment(int i) {
        Map<String, String> labels = Map.of("app", "unrelated-" + i);
        return new DeploymentBuilder().withNewMetadata().withName("unrelated-" + i).withNamespace(NS).withLabels(labels).endMetadata()
                .withNewSpec().withReplicas(0).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage("registry.example/unrelated:1").addToArgs("x".repeat(1024)).endContainer()
                .endSpec().endTemplate().endSpec().build();
    }

    private static void awaitConverged(KubernetesClient admin, RedisServer redis, int instances) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            if (count(admin, Deployment.class) == instances && count(admin, Service.class) == instances
                    && count(admin, Ingress.class) == instances
                    && count(admin, io.fabric8.kubernetes.api.model.Secret.class) == CHILDREN_OF_KIND_SECRET * instances
                    && configs(redis) == instances && statuses(admin) == instances) {
                return;
            }
        }
        throw new IllegalStateException("not converged within " + LIMIT);
    }

    private static int count(KubernetesClient admin, Class<? extends HasMetadata> kind) {
        return admin.resources(kind).inNamespace(NS).withLabel(ManagedLabels.MANAGED_BY, ManagedLabels.OPERATOR).list().getItems().size();
    }

    private static long configs(RedisServer redis) {
        try (Jedis jedis = new Jedis(URI.create(redis.url()))) {
            long count = 0;
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                var page = jedis.scan(cursor, new ScanParams().match("instance:{calendar-*}:config").count(1000));
                count += page.getResult().size();
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            return count;
        }
    }

    private static long statuses(KubernetesClient admin) {
        return admin.resources(CalendarInstance.class).inNamespace(NS).list().getItems().stream()
                .map(CalendarInstance::getStatus).filter(s -> s != null && s.getPhase() != null).count();
    }

    /** Until the operator has made no request but watches for {@code quiet}. */
    private static void awaitQuiet(AuditLog audit, Duration quiet) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        long mark = audit.mark();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(250);
            long now = audit.mark();
            boolean busy = audit.since(mark, AuditLog.byUser(OPERATOR_USER)).stream().anyMatch(e -> !e.verb().equals("watch"));
            mark = now;
            if (busy) {
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= quiet.toNanos()) {
                return;
            }
        }
        throw new IllegalStateException("the operator kept making requests for " + LIMIT);
    }

    private static Map<String, Long> byKind(List<AuditEvent> events) {
        return events.stream().collect(Collectors.groupingBy(
                e -> e.verb() + " " + e.resource() + (e.subresource().isEmpty() ? "" : "/" + e.subresource()),
                TreeMap::new, Collectors.counting()));
    }

    private static double heapAfterGcMiB() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024.0 / 1024.0;
    }

    private static CalendarInstance calendar(String name) {
        var spec = new CalendarInstanceSpec();
        spec.setTitle("Eclipse Financial Solutions");
        spec.setUsers(List.of(new UserSpec("Jack", "j"), new UserSpec("Bonnie", "b")));
        var instance = new CalendarInstance();
        instance.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName(name).build());
        instance.setSpec(spec);
        return instance;
    }
}
