package dev.cps.calendar.operator.status;

import dev.cps.calendar.operator.customresource.CalendarInstanceStatus;
import dev.cps.calendar.operator.customresource.Phase;
import io.fabric8.kubernetes.api.model.Condition;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class StatusCalculatorTest {

    private static final Instant T0 = Instant.parse("2024-01-21T10:00:00.123Z");
    private static final Instant T1 = Instant.parse("2024-01-21T10:05:00Z");
    private static final Instant T2 = Instant.parse("2024-01-21T10:09:00Z");
    private static final String URL = "http://eclipse.calendar.example.com";

    private static Outcome.Applied pods(int ready) {
        return new Outcome.Applied("eclipse", URL, false, ready, 0);
    }

    @Test
    void aNewCalendarIsProvisioningAndReconcilingUntilAPodIsReady() {
        var status = StatusCalculator.next(null, pods(0), 1, T0);

        assertThat(status.getPhase()).isEqualTo(Phase.Provisioning);
        assertThat(status.getObservedGeneration()).isEqualTo(1);
        assertThat(status.getSlug()).isEqualTo("eclipse");
        assertThat(status.getUrl()).isEqualTo(URL);
        assertThat(status.getReadyReplicas()).isZero();
        assertThat(condition(status, Conditions.READY)).satisfies(ready -> {
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).isEqualTo("Provisioning");
            assertThat(ready.getObservedGeneration()).isEqualTo(1);
            assertThat(ready.getLastTransitionTime()).isEqualTo("2024-01-21T10:00:00Z");
        });
        assertThat(condition(status, Conditions.RECONCILING).getStatus()).isEqualTo("True");
        assertThat(condition(status, Conditions.STALLED).getStatus()).isEqualTo("False");
    }

    @Test
    void aReadyPodMakesItActiveAndReadyWithANewTransitionTime() {
        var provisioning = StatusCalculator.next(null, pods(0), 1, T0);
        var active = StatusCalculator.next(provisioning, pods(1), 1, T1);

        assertThat(active.getPhase()).isEqualTo(Phase.Active);
        assertThat(condition(active, Conditions.READY).getStatus()).isEqualTo("True");
        assertThat(condition(active, Conditions.READY).getReason()).isEqualTo("Available");
        assertThat(condition(active, Conditions.READY).getLastTransitionTime()).isEqualTo(T1.toString());
        assertThat(condition(active, Conditions.RECONCILING).getStatus()).isEqualTo("False");
        assertThat(condition(active, Conditions.RECONCILING).getLastTransitionTime()).isEqualTo(T1.toString());
        // Stalled stayed False: its transition time is the first one
        assertThat(condition(active, Conditions.STALLED).getLastTransitionTime()).isEqualTo("2024-01-21T10:00:00Z");
        assertThat(active.getReadyReplicas()).isEqualTo(1);
    }

    @Test
    void nothingNewMeansNoChangeAndNoNewTransitionTime() {
        var active = StatusCalculator.next(StatusCalculator.next(null, pods(0), 1, T0), pods(1), 1, T1);
        var again = StatusCalculator.next(active, pods(1), 1, T2);

        assertThat(StatusCalculator.changed(active, again)).isFalse();
        assertThat(condition(again, Conditions.READY).getLastTransitionTime()).isEqualTo(T1.toString());
    }

    @Test
    void aNewGenerationIsObservedOnEveryConditionWithoutATransition() {
        var active = StatusCalculator.next(null, pods(1), 1, T0);
        var edited = StatusCalculator.next(active, pods(1), 2, T1);

        assertThat(StatusCalculator.changed(active, edited)).isTrue();
        assertThat(edited.getObservedGeneration()).isEqualTo(2);
        assertThat(edited.getConditions()).allSatisfy(c -> {
            assertThat(c.getObservedGeneration()).isEqualTo(2);
            assertThat(c.getLastTransitionTime()).isEqualTo("2024-01-21T10:00:00Z");
        });
    }

    @Test
    void podsThatStopBeingReadyDegradeAnActiveCalendar() {
        var active = StatusCalculator.next(null, pods(1), 1, T0);
        var degraded = StatusCalculator.next(active, pods(0), 1, T1);

        assertThat(degraded.getPhase()).isEqualTo(Phase.Degraded);
        assertThat(condition(degraded, Conditions.READY).getReason()).isEqualTo("PodsNotReady");
        assertThat(StatusCalculator.next(degraded, pods(0), 1, T2).getPhase()).isEqualTo(Phase.Degraded);
        assertThat(StatusCalculator.next(degraded, pods(1), 1, T2).getPhase()).isEqualTo(Phase.Active);
    }

    @Test
    void redisBeingDownDegradesAndKeepsReconcilingThenProvisioningResumes() {
        var provisioning = StatusCalculator.next(null, pods(0), 1, T0);
        var down = StatusCalculator.next(provisioning, new Outcome.RedisUnavailable("Redis at r:6379 is unavailable", null), 1, T1);

        assertThat(down.getPhase()).isEqualTo(Phase.Degraded);
        assertThat(condition(down, Conditions.READY).getReason()).isEqualTo("RedisUnavailable");
        assertThat(condition(down, Conditions.READY).getMessage()).contains("r:6379");
        assertThat(condition(down, Conditions.RECONCILING).getStatus()).isEqualTo("True");
        assertThat(condition(down, Conditions.STALLED).getStatus()).isEqualTo("False");
        assertThat(down.getUrl()).isEqualTo(URL);

        assertThat(StatusCalculator.next(down, pods(0), 1, T2).getPhase()).isEqualTo(Phase.Provisioning);
    }

    @Test
    void aSlugConflictFailsAndStallsWithoutClaimingTheSlug() {
        var conflict = StatusCalculator.next(null, new Outcome.SlugConflict("slug 'eclipse' belongs to team-a/eclipse"), 1, T0);

        assertThat(conflict.getPhase()).isEqualTo(Phase.Failed);
        assertThat(conflict.getSlug()).isNull();
        assertThat(conflict.getUrl()).isNull();
        assertThat(condition(conflict, Conditions.READY).getReason()).isEqualTo("SlugConflict");
        assertThat(condition(conflict, Conditions.STALLED).getStatus()).isEqualTo("True");
        assertThat(condition(conflict, Conditions.STALLED).getReason()).isEqualTo("SlugConflict");
        assertThat(condition(conflict, Conditions.RECONCILING).getStatus()).isEqualTo("False");
    }

    @Test
    void anInvalidSpecStallsAndAFixedOneUnstalls() {
        var active = StatusCalculator.next(null, pods(1), 1, T0);
        var invalid = StatusCalculator.next(active, new Outcome.InvalidSpec("timezone 'Mars/Base' is not known"), 2, T1);

        assertThat(invalid.getPhase()).isEqualTo(Phase.Failed);
        assertThat(invalid.getUrl()).isEqualTo(URL);
        assertThat(condition(invalid, Conditions.STALLED).getMessage()).contains("Mars/Base");
        assertThat(condition(invalid, Conditions.STALLED).getLastTransitionTime()).isEqualTo(T1.toString());

        var fixed = StatusCalculator.next(invalid, pods(1), 3, T2);
        assertThat(fixed.getPhase()).isEqualTo(Phase.Active);
        assertThat(condition(fixed, Conditions.STALLED).getStatus()).isEqualTo("False");
        assertThat(condition(fixed, Conditions.STALLED).getLastTransitionTime()).isEqualTo(T2.toString());
    }

    @Test
    void aSuspendedCalendarIsSuspendedNotReadyAndNotReconciling() {
        var suspended = StatusCalculator.next(null, new Outcome.Applied("eclipse", URL, true, 0, 0), 1, T0);

        assertThat(suspended.getPhase()).isEqualTo(Phase.Suspended);
        assertThat(condition(suspended, Conditions.READY).getReason()).isEqualTo("Suspended");
        assertThat(condition(suspended, Conditions.RECONCILING).getStatus()).isEqualTo("False");
        assertThat(condition(suspended, Conditions.STALLED).getStatus()).isEqualTo("False");
    }

    private static Condition condition(CalendarInstanceStatus status, String type) {
        return Conditions.find(status.getConditions(), type).orElseThrow();
    }

    @Test
    void onlyReasonsThatNeedAPersonAreWarnings() {
        assertThat(java.util.Arrays.stream(StatusReason.values()).filter(StatusReason::warning))
                .containsExactlyInAnyOrder(StatusReason.PodsNotReady, StatusReason.RedisUnavailable, StatusReason.InvalidSpec,
                        StatusReason.SlugConflict, StatusReason.RouteUnsupported);
        assertThat(StatusReason.named("Available")).contains(StatusReason.Available);
        assertThat(StatusReason.named("SomethingAnOlderOperatorWrote")).isEmpty();
    }
}
