package dev.cps.calendar.operator.testing;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.CalendarInstanceSpec;
import dev.cps.calendar.operator.customresource.DeletionPolicy;
import dev.cps.calendar.operator.customresource.UserSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

import java.util.List;

/** CalendarInstances for tests: Jack and Bonnie's calendar, by default. */
public final class Calendars {

    private Calendars() {
    }

    public static CalendarInstance jackAndBonnie(String namespace, String name) {
        var spec = new CalendarInstanceSpec();
        spec.setTitle("Eclipse Financial Solutions");
        spec.setSubtitle("xplan");
        spec.setUsers(List.of(new UserSpec("Jack", "j"), new UserSpec("Bonnie", "b")));
        var instance = new CalendarInstance();
        instance.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name)
                .withGeneration(1L).build());
        instance.setSpec(spec);
        return instance;
    }

    public static CalendarInstance withPolicy(CalendarInstance instance, DeletionPolicy policy) {
        instance.getSpec().setDeletionPolicy(policy);
        return instance;
    }
}
