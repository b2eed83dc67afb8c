package dev.cps.calendar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.ArrayList;
import java.util.List;

/** What the operator observed, in the shape kstatus, Argo CD and {@code kubectl wait} understand. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CalendarInstanceStatus {

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Provisioning, Active, Suspended, Degraded or Failed.")
    private Phase phase;

    @JsonPropertyDescription("The slug this resource holds.")
    private String slug;

    @JsonPropertyDescription("Where the calendar is served.")
    private String url;

    @JsonPropertyDescription("App pods that are ready.")
    private Integer readyReplicas;

    @JsonPropertyDescription("Where the calendar runs now: Dedicated, or Shared (pool <name>). During a move it names "
            + "the side that still serves it.")
    private String placement;

    @JsonPropertyDescription("The pool of this namespace that has the calendar as a member: it serves it, or will once a move "
            + "is done, or still does while it moves out. Absent when it is in none.")
    private String pool;

    @JsonPropertyDescription("Upcoming bookings that belong to no current user or fall outside the hours, left by an edit; "
            + "they still hold their slots until an editor removes or reassigns them on the page. Absent when none.")
    private Integer orphanedBookings;

    @JsonPropertyDescription("Ready (the app answers and its config is seeded), Reconciling and Stalled, in the metav1.Condition shape.")
    private List<Condition> conditions = new ArrayList<>();

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public Phase getPhase() {
        return phase;
    }

    public void setPhase(Phase phase) {
        this.phase = phase;
    }

    public String getSlug() {
        return slug;
    }

    public void setSlug(String slug) {
        this.slug = slug;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public Integer getReadyReplicas() {
        return readyReplicas;
    }

    public void setReadyReplicas(Integer readyReplicas) {
        this.readyReplicas = readyReplicas;
    }

    public String getPlacement() {
        return placement;
    }

    public void setPlacement(String placement) {
        this.placement = placement;
    }

    public String getPool() {
        return pool;
    }

    public void setPool(String pool) {
        this.pool = pool;
    }

    public Integer getOrphanedBookings() {
        return orphanedBookings;
    }

    public void setOrphanedBookings(Integer orphanedBookings) {
        this.orphanedBookings = orphanedBookings;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
