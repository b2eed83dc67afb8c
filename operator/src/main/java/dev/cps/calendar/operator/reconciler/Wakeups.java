package dev.cps.calendar.operator.reconciler;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;

import java.util.Collection;
import java.util.Set;

/**
 * An event source the operator fires itself, to reconcile calendars now rather than at their next
 * resync: the ones waiting for a slug that was just released, and all of them when Redis restarted.
 */
final class Wakeups extends AbstractEventSource<Void, CalendarInstance> {

    Wakeups() {
        super(Void.class, "wakeups");
    }

    /** It carries no secondary resources, only the news that a calendar should be reconciled. */
    @Override
    public Set<Void> getSecondaryResources(CalendarInstance primary) {
        return Set.of();
    }

    void reconcile(Collection<CalendarInstance> instances) {
        if (!isRunning()) {
            return;
        }
        instances.forEach(instance -> getEventHandler().handleEvent(new Event(ResourceID.fromResource(instance))));
    }
}
