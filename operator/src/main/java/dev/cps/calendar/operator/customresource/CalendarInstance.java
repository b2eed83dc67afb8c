package dev.cps.calendar.operator.customresource;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One customer's calendar: {@code kubectl get cal}. */
@Group(CalendarInstance.GROUP)
@Version(CalendarInstance.VERSION)
@Plural(CalendarInstance.PLURAL)
@ShortNames("cal")
@AdditionalPrinterColumn(name = "Slug", jsonPath = ".status.slug", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "URL", jsonPath = ".status.url", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class CalendarInstance extends CustomResource<CalendarInstanceSpec, CalendarInstanceStatus> implements Namespaced {

    public static final String GROUP = "calendar.cps.dev";
    public static final String VERSION = "v1alpha1";
    public static final String PLURAL = "calendarinstances";

    /** The slug this resource asks for: {@code spec.slug}, or the resource's name when unset. */
    public String slug() {
        String slug = getSpec() == null ? null : getSpec().getSlug();
        return slug == null || slug.isBlank() ? getMetadata().getName() : slug;
    }
}
