package dev.cps.calendar.operator.dependentresource;

import dev.cps.calendar.operator.access.AccessSecretData;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code <slug>-access}: the calendar's generated passcode (key {@code passcode}), the read-only one
 * ({@code viewer-passcode}) with {@code viewers: Passcode}, the key the app signs sessions with, and the
 * token of the feed URLs ({@code feed-token}, with the {@code feed-token-rotation} it was made for).
 * Editing {@code passcode} rotates it: the operator writes the new hash and every session of the old
 * passcode ends. It exists in every mode (the operator may not delete Secrets, and a switch back to
 * Passcode finds the old passcode).
 */
@KubernetesDependent(informer = @Informer(labelSelector = ManagedLabels.SELECTOR))
public class AccessSecretDependentResource extends CalendarChildResource<Secret> {

    public AccessSecretDependentResource() {
        super(Secret.class);
    }

    public static String name(String slug) {
        return slug + "-access";
    }

    @Override
    public Secret desired(CalendarInstance instance, InstancePlan plan) {
        AccessSecretData data = plan.accessSecret().orElseThrow(() ->
                new IllegalStateException("the access Secret of " + plan.slug() + " is wanted without an access plan"));
        return new SecretBuilder()
                .withMetadata(metadata(instance, name(plan.slug()), plan.slug()))
                .withType("Opaque")
                .withData(data.data())
                .build();
    }

    /**
     * Someone may edit the passcode while a reconcile that read the old one is running: what is in
     * the Secret wins, so an edit is never reverted (its own event hashes it in the next reconcile).
     * A feed token rotation asked for in the spec is the exception: the new token replaces the old.
     */
    @Override
    public Secret update(Secret actual, Secret desired, CalendarInstance primary, Context<CalendarInstance> context) {
        Map<String, String> data = new TreeMap<>(desired.getData());
        Map<String, String> current = new TreeMap<>(actual.getData() == null ? Map.of() : actual.getData());
        if (!Objects.equals(current.get(AccessSecretData.FEED_TOKEN_ROTATION), data.get(AccessSecretData.FEED_TOKEN_ROTATION))) {
            current.remove(AccessSecretData.FEED_TOKEN);
            current.remove(AccessSecretData.FEED_TOKEN_ROTATION);
        }
        data.replaceAll((key, value) -> current.getOrDefault(key, value));
        desired.setData(data);
        return super.update(actual, desired, primary, context);
    }

    @Override
    protected String nameFor(String slug) {
        return name(slug);
    }
}
