package dev.cps.calendar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One customer's calendar: {@code kubectl get cal}.
 *
 * <p>Printer columns: kubectl prints them in the order the CRD lists them, and fabric8's CRD
 * generator lists them sorted by {@code jsonPath} (case-insensitively), with no option to keep
 * the annotation order. To print SLUG, URL, PHASE, READY, PLACEMENT, AGE, the status paths carry a
 * backslash before one letter of {@code status}: in Kubernetes JSONPath {@code \x} is just
 * {@code x}, and a backslash sorts before letters, so the earlier the escaped letter, the earlier
 * the column ({@code .\s...} also sorts before {@code .metadata}, which keeps AGE last).
 * {@code CrdSyncTest} checks both the order and that every path reads the field it names.
 */
@Group(CalendarInstance.GROUP)
@Version(CalendarInstance.VERSION)
@Plural(CalendarInstance.PLURAL)
@ShortNames("cal")
@AdditionalPrinterColumn(name = "Slug", jsonPath = ".\\s\\tatus.slug", type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "The slug this calendar holds")
@AdditionalPrinterColumn(name = "URL", jsonPath = ".\\st\\atus.url", type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "Where the calendar is served")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".\\sta\\tus.phase", type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "Provisioning, Active, Suspended, Degraded or Failed")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".\\stat\\us.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING, getDescription = "The Ready condition's status")
@AdditionalPrinterColumn(name = "Placement", jsonPath = ".\\statu\\s.placement", type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "Dedicated, or Shared (pool <name>): where the calendar runs now")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
// At the root, because the slug a resource holds falls back to metadata.name, and only the root sees metadata.name.
@ValidationRule(value = "(has(self.spec.slug) ? self.spec.slug : self.metadata.name)"
        + " == (has(oldSelf.spec.slug) ? oldSelf.spec.slug : oldSelf.metadata.name)",
        message = "slug cannot be changed (when unset it is metadata.name): create a new CalendarInstance to use another slug",
        fieldPath = ".spec.slug")
public class CalendarInstance extends CustomResource<CalendarInstanceSpec, CalendarInstanceStatus> implements Namespaced {

    public static final String GROUP = "calendar.cps.dev";
    public static final String VERSION = "v1alpha1";
    public static final String PLURAL = "calendarinstances";

    /** The slug this resource asks for: {@code spec.slug}, or the resource's name when unset. */
    public String slug() {
        String slug = getSpec() == null ? null : getSpec().getSlug();
        return slug == null || slug.isBlank() ? getMetadata().getName() : slug;
    }

    // Overridden only to describe spec and status for `kubectl explain calendarinstance`.
    @Override
    @Required
    @JsonPropertyDescription("The calendar a platform engineer asks for: its title, its 2 to 4 users, their colors, "
            + "hours, time zone, host and size. The operator makes the running calendar match it.")
    public CalendarInstanceSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the operator observed, written by the operator only (the /status subresource): "
            + "phase, URL, ready pods and the Ready, Reconciling and Stalled conditions.")
    public CalendarInstanceStatus getStatus() {
        return super.getStatus();
    }
}
