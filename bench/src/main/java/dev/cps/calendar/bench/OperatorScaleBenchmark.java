package dev.cps.calendar.bench;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.testing.RedisWrites;
import dev.cps.calendar.testing.standin.StandInCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.mockwebserver.http.RecordedRequest;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * 1,000 CalendarInstances applied to the CRUD mock API server with a real Redis: time until every
 * instance has its four children and its config, API requests per instance, heap after GC; then a
 * fresh operator (a full resync of 1,000 unchanged instances) and what it writes.
 */
final class OperatorScaleBenchmark {

    static final int INSTANCES = 1000;
    static final Duration LIMIT = Duration.ofMinutes(5);
    static final int APPLIERS = 8;

    static Result run(int instances) throws Exception {
        double applyOnlySeconds = applyWithoutOperator(instances);
        System.out.printf("baseline: the mock API server takes %.1f s to store %d CalendarInstances with no operator running%n",
                applyOnlySeconds, instances);
        try (OperatorOnStandIn harness = OperatorOnStandIn.start()) {
            harness.awaitOperatorQuiet(Duration.ofMillis(500));
            long start = System.nanoTime();
            apply(harness, instances);
            long applied = System.nanoTime();
            awaitConverged(harness, instances);
            double convergeSeconds = (System.nanoTime() - start) / 1e9;
            List<RecordedRequest> requests = harness.awaitOperatorQuiet(Duration.ofSeconds(2));
            double perInstance = (double) StandInCluster.writes(requests).size() / instances;
            double allRequestsPerInstance = (double) requests.size() / instances;
            double heapMiB = heapAfterGcMiB();
            System.out.println("writes by kind: " + byKind(StandInCluster.writes(requests)));
            System.out.printf("operator scale: %d applied in %.1f s, converged after %.1f s, %.2f writes (%.2f requests) per instance, heap after GC %.0f MiB%n",
                    instances, (applied - start) / 1e9, convergeSeconds, perInstance, allRequestsPerInstance, heapMiB);

            // steady state: a new operator reads every unchanged instance once and must write nothing
            harness.stopOperator();
            harness.drainOperatorRequests();
            RedisWrites before;
            try (Jedis admin = harness.admin()) {
                before = RedisWrites.of(admin);
            }
            long resyncStart = System.nanoTime();
            harness.startOperator();
            List<RecordedRequest> resync = harness.awaitOperatorQuiet(Duration.ofSeconds(5));
            double resyncSeconds = (System.nanoTime() - resyncStart) / 1e9 - 5;
            long apiWrites = StandInCluster.writes(resync).size();
            long redisWrites;
            try (Jedis admin = harness.admin()) {
                redisWrites = RedisWrites.of(admin).writesSince(before);
            }
            System.out.printf("steady state: resync of %d unchanged instances: %d API writes, %d Redis writes (%d requests, ~%.1f s)%n",
                    instances, apiWrites, redisWrites, resync.size(), resyncSeconds);

            boolean scaleMet = convergeSeconds <= 30 && perInstance <= 7 && heapMiB <= 150;
            return new Result("operator scale + steady state",
                    instances + " CalendarInstances created (" + APPLIERS + " at a time) on the CRUD mock + real Redis (operator, mock API server and client in one JVM); then a new operator resyncs them",
                    "converged in " + Stats.fmt(convergeSeconds) + " s (the mock API server alone needs " + Stats.fmt(applyOnlySeconds)
                            + " s to store them); " + Stats.fmt(perInstance) + " API writes per instance ("
                            + Stats.fmt(allRequestsPerInstance) + " requests incl. list/watch); heap after GC " + Stats.fmt(heapMiB)
                            + " MiB (mock server's stored objects included); resync: " + apiWrites + " API writes, " + redisWrites + " Redis writes",
                    "≤ 30 s; ≤ 7 requests per instance; ≤ 150 MB; 0 writes",
                    scaleMet && apiWrites == 0 && redisWrites == 0, "");
        }
    }

    /** Applied the way kubectl apply -f or a GitOps sync of a folder does: several requests in flight. */
    private static void apply(OperatorOnStandIn harness, int instances) throws Exception {
        ExecutorService appliers = Executors.newFixedThreadPool(APPLIERS);
        try {
            List<Future<?>> created = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                String name = "calendar-" + i;
                created.add(appliers.submit(() -> harness.create(OperatorOnStandIn.jackAndBonnie("scale", name))));
            }
            for (Future<?> done : created) {
                done.get();
            }
        } finally {
            appliers.shutdown();
        }
    }

    /** How long the stand-in API server alone takes to store the instances: the floor under any convergence time. */
    private static double applyWithoutOperator(int instances) throws Exception {
        try (OperatorOnStandIn harness = OperatorOnStandIn.start()) {
            harness.stopOperator();
            long start = System.nanoTime();
            apply(harness, instances);
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static void awaitConverged(OperatorOnStandIn harness, int instances) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            var client = harness.client();
            boolean children = client.resources(Deployment.class).inNamespace("scale").list().getItems().size() == instances
                    && client.resources(Service.class).inNamespace("scale").list().getItems().size() == instances
                    && client.resources(Ingress.class).inNamespace("scale").list().getItems().size() == instances
                    && client.resources(Secret.class).inNamespace("scale").list().getItems().size() == instances;
            if (children && configs(harness) == instances && statuses(harness) == instances) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("not converged within " + LIMIT);
    }

    private static long configs(OperatorOnStandIn harness) {
        try (Jedis admin = harness.admin()) {
            long count = 0;
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                var page = admin.scan(cursor, new ScanParams().match("instance:{calendar-*}:config").count(1000));
                count += page.getResult().size();
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            return count;
        }
    }

    private static long statuses(OperatorOnStandIn harness) {
        return harness.instances().inNamespace("scale").list().getItems().stream()
                .map(CalendarInstance::getStatus).filter(s -> s != null && s.getPhase() != null).count();
    }

    private static Map<String, Long> byKind(List<RecordedRequest> requests) {
        return requests.stream().collect(Collectors.groupingBy(
                r -> r.getMethod() + " " + r.getPath().replaceAll("\\?.*", "").replaceAll("/namespaces/[^/]+", "").replaceAll("/calendar-\\d+", "/*")
                        .replaceAll("/(secrets|services|deployments|ingresses|events|calendarinstances)/[^/]+", "/$1/*"),
                TreeMap::new, Collectors.counting()));
    }

    private static double heapAfterGcMiB() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024.0 / 1024.0;
    }
}
