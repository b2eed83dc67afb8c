package dev.cps.calendar.operator.cluster;

import dev.cps.calendar.operator.CalendarOperator;
import dev.cps.calendar.operator.customresource.Phase;
import dev.cps.calendar.operator.testing.Calendars;
import dev.cps.calendar.testing.kube.AuditEvent;
import dev.cps.calendar.testing.kube.KubeControlPlane;
import dev.cps.calendar.testing.kube.KubeControlPlaneExtension;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two operator replicas on the chart's Lease: one reconciles, the other waits; when the leader
 * stops, the other takes over within 30 s, and the two never write at the same time.
 */
@ExtendWith(KubeControlPlaneExtension.class)
class LeaderElectionOnApiServerTest {

    private static final String NS = "leader";
    private static final Set<String> STATE = Set.of("calendarinstances", "secrets", "deployments", "services", "ingresses", "events");
    private static ClusterOperator replicas;

    @BeforeAll
    static void install(KubeControlPlane cluster) {
        replicas = ClusterOperator.install(cluster, RenderedChart.DEFAULTS, List.of(NS), Map.of("LEADER_ELECTION", "true"));
    }

    @AfterAll
    static void remove() {
        replicas.close();
    }

    @Test
    void oneReplicaReconcilesAndTheOtherTakesOverWhenItStops() {
        replicas.setEnvironment("LEADER_ELECTION_IDENTITY", "replica-a");
        replicas.startOperator("replica-a");
        await().atMost(Duration.ofSeconds(30)).until(() -> holder().equals("replica-a"));
        replicas.setEnvironment("LEADER_ELECTION_IDENTITY", "replica-b");
        replicas.startOperator("replica-b");

        long whileA = replicas.audit().mark();
        replicas.create(Calendars.jackAndBonnie(NS, "first"));
        replicas.reportReady(NS, "first", 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> phase("first") == Phase.Active);
        assertThat(stateWritesBy("replica-b", whileA)).as("the waiting replica writes nothing").isEmpty();
        assertThat(stateWritesBy("replica-a", whileA)).as("the leader reconciles").isNotEmpty();

        replicas.stopOperator("replica-a");
        long stopped = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).until(() -> holder().equals("replica-b"));
        long afterA = replicas.audit().mark();
        replicas.create(Calendars.jackAndBonnie(NS, "second"));
        replicas.reportReady(NS, "second", 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> phase("second") == Phase.Active);
        System.out.printf("the second replica took over and reconciled a new calendar %d ms after the leader stopped%n",
                Duration.ofNanos(System.nanoTime() - stopped).toMillis());

        assertThat(stateWritesBy("replica-a", afterA)).as("the stopped replica writes nothing").isEmpty();
        assertThat(stateWritesBy("replica-b", afterA)).as("the new leader reconciles").isNotEmpty();
    }

    private static String holder() {
        Lease lease = replicas.admin().leases().inNamespace(RenderedChart.NAMESPACE).withName(CalendarOperator.LEASE_NAME).get();
        return lease == null || lease.getSpec().getHolderIdentity() == null ? "" : lease.getSpec().getHolderIdentity();
    }

    private static List<AuditEvent> stateWritesBy(String replica, long mark) {
        return replicas.operatorRequests(mark).stream()
                .filter(e -> e.userAgent().equals(replica) && e.isWrite() && STATE.contains(e.resource())).toList();
    }

    private static Phase phase(String name) {
        var instance = replicas.get(NS, name);
        return instance == null || instance.getStatus() == null ? null : instance.getStatus().getPhase();
    }
}
