package dev.cps.calendar.operator.dependentresource;

import dev.cps.calendar.api.AccessMode;
import dev.cps.calendar.operator.customresource.AccessSpec;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The access Secret exists only for {@code access.mode: Passcode}; switching to another mode deletes it. */
public class HasPasscode implements Condition<Secret, CalendarInstance> {

    @Override
    public boolean isMet(DependentResource<Secret, CalendarInstance> dependentResource, CalendarInstance primary,
                         Context<CalendarInstance> context) {
        return AccessSpec.modeOf(primary.getSpec().getAccess()) == AccessMode.Passcode;
    }
}
