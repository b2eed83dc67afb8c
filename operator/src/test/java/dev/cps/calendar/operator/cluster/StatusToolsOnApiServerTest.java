package dev.cps.calendar.operator.cluster;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.Phase;
import dev.cps.calendar.operator.testing.Calendars;
import dev.cps.calendar.testing.kube.CommandResult;
import dev.cps.calendar.testing.kube.KubeControlPlane;
import dev.cps.calendar.testing.kube.KubeControlPlaneExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The status as the tools read it, with no health script of ours: `kubectl wait` and the kstatus
 * library that Flux and kpt use (sigs.k8s.io/cli-utils, built by testkit/kube).
 */
@ExtendWith(KubeControlPlaneExtension.class)
class StatusToolsOnApiServerTest {

    private static final String NS = "status-tools";
    private static final String OTHER = "status-tools-other";
    private static ClusterOperator operator;
    private static KubeControlPlane cluster;

    @BeforeAll
    static void install(KubeControlPlane controlPlane) {
        cluster = controlPlane;
        operator = ClusterOperator.start(controlPlane, List.of(NS, OTHER), Map.of());
    }

    @AfterAll
    static void remove() {
        operator.close();
    }

    @Test
    void kubectlWaitForReadyReturnsOnceThePodsAreReady() {
        operator.create(Calendars.jackAndBonnie(NS, "waited"));
        await().atMost(Duration.ofSeconds(30)).until(() -> phase("waited") == Phase.Provisioning);
        CommandResult early = cluster.kubectl("wait", "--for=condition=Ready", "-n", NS, "cal/waited", "--timeout=1s");
        assertThat(early.succeeded()).as("not Ready before a pod is: " + early.out()).isFalse();

        operator.reportReady(NS, "waited", 1);
        CommandResult waited = cluster.kubectl("wait", "--for=condition=Ready", "-n", NS, "cal/waited", "--timeout=30s");

        assertThat(waited.outOrFail()).contains("calendarinstance.calendar.cps.dev/waited condition met");
    }

    @Test
    void kstatusSaysCurrentWhenReadyInProgressDuringAnEditAndFailedForAConflictOrAnInvalidSpec() {
        operator.create(Calendars.jackAndBonnie(NS, "kstatus"));
        operator.reportReady(NS, "kstatus", 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> phase("kstatus") == Phase.Active);
        assertThat(kstatus(NS, "kstatus")).startsWith("Current");

        // an edit the operator has not seen yet: generation ahead of observedGeneration
        operator.stopAll();
        operator.edit(NS, "kstatus", i -> i.getSpec().setTitle("Edited while the operator is away"));
        assertThat(kstatus(NS, "kstatus")).startsWith("InProgress");
        operator.startOperator("operator");
        await().atMost(Duration.ofSeconds(30)).until(() -> kstatus(NS, "kstatus").startsWith("Current"));

        CalendarInstance conflict = Calendars.jackAndBonnie(OTHER, "kstatus-too");
        conflict.getSpec().setSlug("kstatus");
        operator.create(conflict);
        await().atMost(Duration.ofSeconds(30)).until(() -> kstatus(OTHER, "kstatus-too").startsWith("Failed"));
        assertThat(kstatus(OTHER, "kstatus-too")).contains("kstatus");

        // the schema allows the zone's shape; only the operator knows Mars/Olympus is no zone
        CalendarInstance invalid = Calendars.jackAndBonnie(NS, "nowhere");
        invalid.getSpec().setTimezone("Mars/Olympus");
        operator.create(invalid);
        await().atMost(Duration.ofSeconds(30)).until(() -> kstatus(NS, "nowhere").startsWith("Failed"));
        assertThat(kstatus(NS, "nowhere")).contains("Mars/Olympus");
    }

    private static String kstatus(String namespace, String name) {
        String json = cluster.kubectl("get", "cal", name, "-n", namespace, "-o", "json").outOrFail();
        return cluster.kstatus(json).outOrFail().trim();
    }

    private static Phase phase(String name) {
        CalendarInstance instance = operator.get(NS, name);
        return instance == null || instance.getStatus() == null ? null : instance.getStatus().getPhase();
    }
}
