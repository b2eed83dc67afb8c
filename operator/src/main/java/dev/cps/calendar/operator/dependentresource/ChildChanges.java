package dev.cps.calendar.operator.dependentresource;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the children workflow created or updated in one reconcile, for the Events the reconciler emits. */
public final class ChildChanges {

    private final List<String> changes = new CopyOnWriteArrayList<>();

    /** Starts recording for one reconcile; call before the workflow runs (its dependents run in parallel). */
    public static ChildChanges startIn(Context<CalendarInstance> context) {
        var changes = new ChildChanges();
        context.managedWorkflowAndDependentResourceContext().put(ChildChanges.class, changes);
        return changes;
    }

    static void record(Context<CalendarInstance> context, String verb, HasMetadata child) {
        context.managedWorkflowAndDependentResourceContext().get(ChildChanges.class, ChildChanges.class)
                .ifPresent(changes -> changes.record(verb, child));
    }

    void record(String verb, HasMetadata child) {
        changes.add(verb + " " + child.getKind() + " " + child.getMetadata().getName());
    }

    public List<String> list() {
        return List.copyOf(changes);
    }
}
