package dev.cps.calendar.operator.dependentresource;

import dev.cps.calendar.operator.access.AccessSecretData;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.settings.OperatorSettings;
import io.javaoperatorsdk.operator.api.reconciler.Context;

import java.util.Optional;

/**
 * What the child objects of one instance are made from: the resource's spec resolved against the
 * operator's settings, plus the instance's Redis credentials. The reconciler puts it in the
 * workflow context before it runs the children; each child's {@code desired()} reads it.
 */
public record InstancePlan(String slug, String host, String redisUsername, String redisPassword, OperatorSettings settings,
                           Optional<AccessSecretData> accessSecret, Serving serving) {

    /**
     * Who serves the calendar in this reconcile: the Service its route points at, and whether it keeps a
     * Deployment and Service of its own (a Dedicated calendar; a Shared one until its route points at the pool).
     */
    public record Serving(String backendService, boolean ownDeployment) {
    }

    public static InstancePlan of(CalendarInstance instance, OperatorSettings settings, String redisUsername, String redisPassword) {
        return new InstancePlan(instance.slug(), hostOf(instance, settings), redisUsername, redisPassword, settings,
                Optional.empty(), new Serving(AppServiceDependentResource.name(instance.slug()), true));
    }

    /** With what {@code <slug>-access} must hold; empty: the calendar has no passcode and no such Secret. */
    public InstancePlan withAccessSecret(Optional<AccessSecretData> secret) {
        return new InstancePlan(slug, host, redisUsername, redisPassword, settings, secret, serving);
    }

    public InstancePlan withServing(Serving serving) {
        return new InstancePlan(slug, host, redisUsername, redisPassword, settings, accessSecret, serving);
    }

    public static String hostOf(CalendarInstance instance, OperatorSettings settings) {
        String host = instance.getSpec() == null ? null : instance.getSpec().getHost();
        return host == null || host.isBlank() ? instance.slug() + "." + settings.baseDomain() : host;
    }

    /** Where browsers open the calendar: with the port when it is not the scheme's own (a local router, a NodePort). */
    public static String urlOf(CalendarInstance instance, OperatorSettings settings) {
        return (settings.tls() ? "https://" : "http://") + hostOf(instance, settings)
                + settings.publicPort().map(port -> ":" + port).orElse("");
    }

    static InstancePlan from(Context<CalendarInstance> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(InstancePlan.class, InstancePlan.class);
    }

    public void putInto(Context<CalendarInstance> context) {
        context.managedWorkflowAndDependentResourceContext().put(InstancePlan.class, this);
    }

    public String redisUrl() {
        return settings.instanceRedisUrl(redisUsername, redisPassword);
    }
}
