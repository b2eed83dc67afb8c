package dev.cps.calendar.operator.dependentresource;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

import java.util.TreeMap;

/**
 * A child object of a CalendarInstance: created and updated by the framework when it differs from
 * {@link #desired(CalendarInstance, InstancePlan)}, owned by the resource (so Kubernetes collects
 * it), and watched only when it carries the {@link ManagedLabels#SELECTOR} label.
 */
public abstract class CalendarChildResource<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, CalendarInstance> {

    protected CalendarChildResource(Class<R> type) {
        super(type);
    }

    /** The child as it should be; a pure function, unit-tested without a cluster. */
    public abstract R desired(CalendarInstance instance, InstancePlan plan);

    /** The child's name, known from the slug alone. */
    protected abstract String nameFor(String slug);

    @Override
    protected final R desired(CalendarInstance primary, Context<CalendarInstance> context) {
        return desired(primary, InstancePlan.from(context));
    }

    @Override
    protected ResourceID targetSecondaryResourceID(CalendarInstance primary, Context<CalendarInstance> context) {
        return new ResourceID(nameFor(primary.slug()), primary.getMetadata().getNamespace());
    }

    @Override
    protected void onCreated(CalendarInstance primary, R created, Context<CalendarInstance> context) {
        super.onCreated(primary, created, context);
        ChildChanges.record(context, "created", created);
    }

    @Override
    protected void onUpdated(CalendarInstance primary, R updated, R actual, Context<CalendarInstance> context) {
        super.onUpdated(primary, updated, actual, context);
        ChildChanges.record(context, "updated", updated);
    }

    /** Owned with {@code controller: true} ("Controlled By" in kubectl describe); deleting the owner collects it. */
    @Override
    protected void addReferenceHandlingMetadata(R desired, CalendarInstance primary) {
        desired.addOwnerReference(new OwnerReferenceBuilder()
                .withApiVersion(primary.getApiVersion())
                .withKind(primary.getKind())
                .withName(primary.getMetadata().getName())
                .withUid(primary.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build());
    }

    protected static ObjectMeta metadata(CalendarInstance instance, String name, String slug) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(instance.getMetadata().getNamespace())
                .withLabels(new TreeMap<>(ManagedLabels.of(slug)))
                .build();
    }
}
