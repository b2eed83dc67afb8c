package dev.cps.calendar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.cps.calendar.api.BookableHours;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.api.PoolKeys;
import dev.cps.calendar.api.Slug;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.List;

/**
 * What a platform engineer writes for one customer's calendar.
 *
 * <p>The rules below run in the API server (CEL {@code x-kubernetes-validations}); their messages are
 * what {@code kubectl apply} prints, so they say what is wrong in the product's words. The slug's
 * immutability is checked on {@link CalendarInstance} because it needs {@code metadata.name}.
 */
@ValidationRule(value = "!has(self.users) || self.users.all(u, self.users.filter(v, v.name == u.name).size() == 1)",
        message = "user names must be unique: two users have the same name",
        // map() first: the API server bounds a message built from a list of strings, not one from objects
        messageExpression = "'user names must be unique: ' + self.users.map(u, u.name).filter(n, "
                + "self.users.filter(v, v.name == n).size() > 1)[0] + ' appears more than once'",
        fieldPath = ".users")
@ValidationRule(value = "!has(self.users) || self.users.all(u, "
        + "self.users.filter(v, v.key.lowerAscii() == u.key.lowerAscii()).size() == 1)",
        message = "user keys must be unique, ignoring case: j and J are the same hotkey",
        // the first two clashing keys, not join(): the API server's cost estimate of join() is unbounded
        messageExpression = "'user keys must be unique, ignoring case (j and J are the same hotkey): ' + "
                + CalendarInstanceSpec.DUPLICATE_KEYS + "[0] + ', ' + " + CalendarInstanceSpec.DUPLICATE_KEYS + "[1] + ' belong to more than one user'",
        fieldPath = ".users")
@ValidationRule(value = "!has(self.colors) || ((!has(self.colors.user3) || (has(self.users) && size(self.users) >= 3))"
        + " && (!has(self.colors.user4) || (has(self.users) && size(self.users) >= 4)))",
        message = "colors may only name positions that have a user: colors.user3 needs three users, colors.user4 needs four",
        fieldPath = ".colors")
@ValidationRule(value = "!has(self.pool) || (has(self.placement) && self.placement == 'Shared')",
        message = "pool applies only to placement Shared: remove it, or set placement to Shared",
        fieldPath = ".pool")
public class CalendarInstanceSpec {

    /** CEL: the keys of users whose key another user has too, ignoring case. */
    static final String DUPLICATE_KEYS = "self.users.map(u, u.key).filter(k, "
            + "self.users.filter(v, v.key.lowerAscii() == k.lowerAscii()).size() > 1)";

    /** The shape of an IANA zone name; whether the zone exists is the operator's check. */
    static final String TIMEZONE_PATTERN = "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$";
    /** A DNS name (RFC 1123 subdomain): no scheme, port or path. */
    public static final int MAX_REPLICAS = 10;
    public static final String HOST_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    @Pattern(Slug.PATTERN)
    @Size(max = Slug.MAX_LENGTH)
    @ValidationRule(value = "self.matches(r'" + Slug.PATTERN + "')",
            message = "slug must be a DNS label: lower-case letters, digits and '-', starting and ending with "
                    + "a letter or digit, e.g. eclipse-financial")
    @JsonPropertyDescription("URL-safe name of the calendar: a DNS label of at most 40 characters. "
            + "Defaults to metadata.name. Immutable. One slug belongs to exactly one CalendarInstance in the cluster.")
    private String slug;

    @Required
    @Size(min = 1, max = 100)
    @JsonPropertyDescription("Title shown in the calendar's header, e.g. Eclipse Financial Solutions.")
    private String title;

    @Size(max = 100)
    @JsonPropertyDescription("Optional subtitle; the page title becomes \"<title> - <subtitle>\".")
    private String subtitle;

    @Required
    @Size(min = 2, max = 4)
    @JsonPropertyDescription("The 2 to 4 people who book on this calendar, in legend order. "
            + "Names must be unique, and keys unique ignoring case.")
    private List<UserSpec> users;

    @JsonPropertyDescription("Colors by user position (user1..user4). Defaults: green, red, purple, orange.")
    private ColorsSpec colors;

    @Pattern(TIMEZONE_PATTERN)
    @Size(max = 64)
    @ValidationRule(value = "self.matches(r'" + TIMEZONE_PATTERN + "')",
            message = "timezone must be an IANA time zone name such as Australia/Sydney, Europe/Berlin or UTC")
    @JsonPropertyDescription("IANA time zone of the calendar's dates and hours, e.g. Australia/Sydney. Default "
            + InstanceConfig.DEFAULT_TIMEZONE + ".")
    private String timezone;

    @JsonPropertyDescription("Bookable hours of the day. Default " + BookableHours.DEFAULT_START + " to " + BookableHours.DEFAULT_END + ".")
    private HoursSpec hours;

    @Pattern(HOST_PATTERN)
    @Size(max = 253)
    @ValidationRule(value = "self.matches(r'" + HOST_PATTERN + "')",
            message = "host must be a lower-case DNS name such as cal.example.com, without https://, port or path")
    @JsonPropertyDescription("Host name the calendar is served at. Default <slug>.<operator base domain>.")
    private String host;

    @Min(0)
    @Max(MAX_REPLICAS)
    @JsonPropertyDescription("Number of app pods. Default 1.")
    private Integer replicas;

    @JsonPropertyDescription("true scales the calendar to zero pods and keeps all its data. Default false.")
    private Boolean suspended;

    @JsonPropertyDescription("Delete (default) removes the calendar's Redis data when this resource is deleted; "
            + "Retain keeps it for a later CalendarInstance with the same slug in the same namespace.")
    private DeletionPolicy deletionPolicy;

    @JsonPropertyDescription("How the host reaches the calendar: an Ingress, a Gateway API HTTPRoute, or nothing. "
            + "Default: the operator's settings (Helm values route.*).")
    private RouteSpec route;

    @JsonPropertyDescription("Who may open the calendar. Default: editors need a passcode the operator generates "
            + "into the Secret <slug>-access (key passcode).")
    private AccessSpec access;

    @JsonPropertyDescription("Dedicated (default): the calendar runs in its own Deployment. Shared: a pool Deployment "
            + "of this namespace (calendar-pool-<pool>) serves it together with the other Shared calendars of that pool, "
            + "chosen by the request's Host; the calendars of one pool share a process. Changing it moves the calendar "
            + "with its bookings, unavailable for a few seconds at most.")
    private Placement placement;

    @Pattern(Slug.PATTERN)
    @Size(max = PoolKeys.MAX_POOL_LENGTH)
    @ValidationRule(value = "self.matches(r'" + Slug.PATTERN + "')",
            message = "pool must be a DNS label: lower-case letters, digits and '-', e.g. small-teams")
    @JsonPropertyDescription("placement Shared only: the pool of this namespace that serves the calendar, a DNS label of at most "
            + PoolKeys.MAX_POOL_LENGTH + " characters. Default " + PoolKeys.DEFAULT_POOL + ".")
    private String pool;

    @Min(1)
    @Max(3650)
    @JsonPropertyDescription("Days the calendar keeps its history of changes (GET /api/history); older entries are "
            + "trimmed from Redis. Default 90.")
    private Integer historyRetentionDays;

    @Size(max = 63)
    @JsonPropertyDescription("Change this to any new value (e.g. the date) to replace the calendar's feed token: the "
            + "operator generates a new one into the Secret <slug>-access (key feed-token), and the old feed URLs "
            + "answer 404 from then on.")
    private String feedTokenRotation;

    public String getSlug() {
        return slug;
    }

    public void setSlug(String slug) {
        this.slug = slug;
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public String getSubtitle() {
        return subtitle;
    }

    public void setSubtitle(String subtitle) {
        this.subtitle = subtitle;
    }

    public List<UserSpec> getUsers() {
        return users;
    }

    public void setUsers(List<UserSpec> users) {
        this.users = users;
    }

    public ColorsSpec getColors() {
        return colors;
    }

    public void setColors(ColorsSpec colors) {
        this.colors = colors;
    }

    public String getTimezone() {
        return timezone;
    }

    public void setTimezone(String timezone) {
        this.timezone = timezone;
    }

    public HoursSpec getHours() {
        return hours;
    }

    public void setHours(HoursSpec hours) {
        this.hours = hours;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public Boolean getSuspended() {
        return suspended;
    }

    public void setSuspended(Boolean suspended) {
        this.suspended = suspended;
    }

    public DeletionPolicy getDeletionPolicy() {
        return deletionPolicy;
    }

    public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
        this.deletionPolicy = deletionPolicy;
    }

    public RouteSpec getRoute() {
        return route;
    }

    public void setRoute(RouteSpec route) {
        this.route = route;
    }

    public AccessSpec getAccess() {
        return access;
    }

    public void setAccess(AccessSpec access) {
        this.access = access;
    }

    public Integer getHistoryRetentionDays() {
        return historyRetentionDays;
    }

    public void setHistoryRetentionDays(Integer historyRetentionDays) {
        this.historyRetentionDays = historyRetentionDays;
    }

    public String getFeedTokenRotation() {
        return feedTokenRotation;
    }

    public void setFeedTokenRotation(String feedTokenRotation) {
        this.feedTokenRotation = feedTokenRotation;
    }

    public Placement getPlacement() {
        return placement;
    }

    public void setPlacement(Placement placement) {
        this.placement = placement;
    }

    public String getPool() {
        return pool;
    }

    public void setPool(String pool) {
        this.pool = pool;
    }

    public Placement placementOrDefault() {
        return placement == null ? Placement.Dedicated : placement;
    }

    /** The pool a Shared calendar asks for; empty for a Dedicated one. */
    public java.util.Optional<String> sharedPool() {
        if (placementOrDefault() != Placement.Shared) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(pool == null || pool.isBlank() ? PoolKeys.DEFAULT_POOL : pool);
    }

    public boolean isSuspended() {
        return Boolean.TRUE.equals(suspended);
    }

    public int replicasOrDefault() {
        return replicas == null ? 1 : replicas;
    }

    public DeletionPolicy deletionPolicyOrDefault() {
        return deletionPolicy == null ? DeletionPolicy.Delete : deletionPolicy;
    }
}
