package dev.cps.calendar.operator.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cps.calendar.operator.customresource.CalendarInstanceStatus;
import dev.cps.calendar.operator.customresource.Phase;
import io.fabric8.kubernetes.api.model.Condition;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns what a reconcile found out into the resource's status. A pure function of the previous
 * status, the outcome, the generation and the time, so every transition is unit-tested.
 *
 * <table>
 *   <tr><th>outcome</th><th>phase</th><th>Ready</th><th>Reconciling</th><th>Stalled</th></tr>
 *   <tr><td>invalid spec / slug conflict</td><td>Failed</td><td>False</td><td>False</td><td>True</td></tr>
 *   <tr><td>Redis unavailable</td><td>Degraded</td><td>False</td><td>True (retrying)</td><td>False</td></tr>
 *   <tr><td>route unsupported (e.g. no Gateway API)</td><td>Degraded</td><td>False</td><td>False</td><td>True</td></tr>
 *   <tr><td>suspended</td><td>Suspended</td><td>False</td><td>False</td><td>False</td></tr>
 *   <tr><td>no ready pod yet</td><td>Provisioning</td><td>False</td><td>True</td><td>False</td></tr>
 *   <tr><td>no ready pod any more</td><td>Degraded</td><td>False</td><td>True</td><td>False</td></tr>
 *   <tr><td>a ready pod, config seeded</td><td>Active</td><td>True</td><td>False</td><td>False</td></tr>
 * </table>
 */
public final class StatusCalculator {

    private static final ObjectMapper COMPARISON = new ObjectMapper();

    private StatusCalculator() {
    }

    public static CalendarInstanceStatus next(CalendarInstanceStatus previous, Outcome outcome, long generation, Instant now) {
        Instant second = now.truncatedTo(ChronoUnit.SECONDS);
        List<Condition> old = previous == null ? List.of() : previous.getConditions();
        var status = new CalendarInstanceStatus();
        status.setObservedGeneration(generation);
        status.setSlug(previous == null ? null : previous.getSlug());
        status.setUrl(previous == null ? null : previous.getUrl());
        status.setReadyReplicas(previous == null ? null : previous.getReadyReplicas());
        status.setOrphanedBookings(previous == null ? null : previous.getOrphanedBookings());
        status.setPlacement(previous == null ? null : previous.getPlacement());
        status.setPool(previous == null ? null : previous.getPool());

        Verdict verdict;
        if (outcome instanceof Outcome.InvalidSpec invalid) {
            verdict = Verdict.stalled(Phase.Failed, StatusReason.InvalidSpec, invalid.message());
        } else if (outcome instanceof Outcome.SlugConflict conflict) {
            status.setSlug(null);
            status.setUrl(null);
            status.setReadyReplicas(null);
            verdict = Verdict.stalled(Phase.Failed, StatusReason.SlugConflict, conflict.message());
        } else if (outcome instanceof Outcome.RedisUnavailable down) {
            if (down.readyReplicas() != null) {
                status.setReadyReplicas(down.readyReplicas());
            }
            verdict = new Verdict(Phase.Degraded, false, StatusReason.RedisUnavailable, down.message(), true, false);
        } else if (outcome instanceof Outcome.RouteUnsupported unroutable) {
            status.setSlug(unroutable.applied().slug());
            status.setUrl(unroutable.applied().url());
            status.setReadyReplicas(unroutable.applied().readyReplicas());
            status.setOrphanedBookings(orphaned(unroutable.applied()));
            placed(status, unroutable.applied());
            verdict = Verdict.stalled(Phase.Degraded, StatusReason.RouteUnsupported, unroutable.message());
        } else {
            var applied = (Outcome.Applied) outcome;
            status.setSlug(applied.slug());
            status.setUrl(applied.url());
            status.setReadyReplicas(applied.readyReplicas());
            status.setOrphanedBookings(orphaned(applied));
            placed(status, applied);
            verdict = applied(previous, applied);
        }
        status.setPhase(verdict.phase());

        List<Condition> conditions = new ArrayList<>();
        conditions.add(Conditions.next(old, Conditions.READY, verdict.ready(), verdict.reason().name(), verdict.message(), generation, second));
        conditions.add(Conditions.next(old, Conditions.RECONCILING, verdict.reconciling(),
                (verdict.reconciling() ? verdict.reason() : StatusReason.Reconciled).name(),
                verdict.reconciling() ? verdict.message() : "nothing left to do for generation " + generation,
                generation, second));
        conditions.add(Conditions.next(old, Conditions.STALLED, verdict.stalled(),
                (verdict.stalled() ? verdict.reason() : StatusReason.NotStalled).name(),
                verdict.stalled() ? verdict.message() : "no error that needs a person",
                generation, second));
        status.setConditions(conditions);
        return status;
    }

    /** True if {@code next} says something {@code previous} does not: only then is the status patched. */
    public static boolean changed(CalendarInstanceStatus previous, CalendarInstanceStatus next) {
        return previous == null || !Objects.equals(COMPARISON.valueToTree(previous), COMPARISON.valueToTree(next));
    }

    private static void placed(CalendarInstanceStatus status, Outcome.Applied applied) {
        status.setPlacement(applied.placement());
        status.setPool(applied.pool());
    }

    /** Absent when there are none, so the status of a calendar that never had any does not change. */
    private static Integer orphaned(Outcome.Applied applied) {
        return applied.orphanedBookings() > 0 ? applied.orphanedBookings() : null;
    }

    /** How many more orphaned bookings {@code next} counts than {@code previous}: worth a Warning when above 0. */
    public static int newlyOrphaned(CalendarInstanceStatus previous, CalendarInstanceStatus next) {
        return count(next) - count(previous);
    }

    private static int count(CalendarInstanceStatus status) {
        return status == null || status.getOrphanedBookings() == null ? 0 : status.getOrphanedBookings();
    }

    private static Verdict applied(CalendarInstanceStatus previous, Outcome.Applied applied) {
        if (applied.suspended()) {
            return new Verdict(Phase.Suspended, false, StatusReason.Suspended,
                    "suspended: scaled to zero pods; the bookings are kept", false, false);
        }
        if (applied.readyReplicas() > 0) {
            return new Verdict(Phase.Active, true, StatusReason.Available,
                    applied.readyReplicas() + " pod(s) ready at " + applied.url(), false, false);
        }
        // Degraded only if the app had been up: pods that never came up are still Provisioning
        boolean wasRunning = previous != null && (previous.getPhase() == Phase.Active
                || (previous.getPhase() == Phase.Degraded && Conditions.find(previous.getConditions(), Conditions.READY)
                .map(ready -> StatusReason.PodsNotReady.name().equals(ready.getReason())).orElse(false)));
        return wasRunning
                ? new Verdict(Phase.Degraded, false, StatusReason.PodsNotReady, "no pod of the calendar app is ready", true, false)
                : new Verdict(Phase.Provisioning, false, StatusReason.Provisioning,
                "Redis is seeded; waiting for a pod of the calendar app to become ready", true, false);
    }

    private record Verdict(Phase phase, boolean ready, StatusReason reason, String message, boolean reconciling, boolean stalled) {
        static Verdict stalled(Phase phase, StatusReason reason, String message) {
            return new Verdict(phase, false, reason, message, false, true);
        }
    }
}
