package dev.cps.calendar.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The conditions in the metav1.Condition shape that {@code kubectl wait}, kstatus (Flux, Argo CD)
 * understand: {@code Ready}, and the kstatus pair {@code Reconciling} / {@code Stalled}.
 */
public final class Conditions {

    public static final String READY = "Ready";
    public static final String RECONCILING = "Reconciling";
    public static final String STALLED = "Stalled";

    public static final String TRUE = "True";
    public static final String FALSE = "False";

    private Conditions() {
    }

    /**
     * The condition as it should be now; {@code lastTransitionTime} is kept from {@code previous}
     * unless the status really changed.
     */
    public static Condition next(List<Condition> previous, String type, boolean status, String reason, String message,
                                 long generation, Instant now) {
        String statusText = status ? TRUE : FALSE;
        String transitionTime = find(previous, type)
                .filter(old -> statusText.equals(old.getStatus()) && old.getLastTransitionTime() != null)
                .map(Condition::getLastTransitionTime)
                .orElse(now.toString());
        return new ConditionBuilder()
                .withType(type)
                .withStatus(statusText)
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(transitionTime)
                .build();
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
    }
}
