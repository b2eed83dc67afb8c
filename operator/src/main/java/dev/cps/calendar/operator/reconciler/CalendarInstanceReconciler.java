package dev.cps.calendar.operator.reconciler;

import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.api.PoolKeys;
import dev.cps.calendar.api.Slug;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.CalendarInstanceStatus;
import dev.cps.calendar.operator.customresource.DeletionPolicy;
import dev.cps.calendar.operator.access.AccessPlan;
import dev.cps.calendar.operator.access.AccessResolver;
import dev.cps.calendar.operator.dependentresource.AccessSecretDependentResource;
import dev.cps.calendar.operator.dependentresource.AppDeploymentDependentResource;
import dev.cps.calendar.operator.dependentresource.AppHttpRouteDependentResource;
import dev.cps.calendar.operator.dependentresource.HttpRouteSelected;
import dev.cps.calendar.operator.dependentresource.HttpRoutesAvailable;
import dev.cps.calendar.operator.dependentresource.IngressSelected;
import dev.cps.calendar.operator.dependentresource.AppIngressDependentResource;
import dev.cps.calendar.operator.dependentresource.AppServiceDependentResource;
import dev.cps.calendar.operator.dependentresource.ChildChanges;
import dev.cps.calendar.operator.dependentresource.DedicatedServing;
import dev.cps.calendar.operator.dependentresource.InstancePlan;
import dev.cps.calendar.operator.dependentresource.RedisSecretDependentResource;
import dev.cps.calendar.operator.redis.ConfigSeeder;
import dev.cps.calendar.operator.redis.InstanceDataRemover;
import dev.cps.calendar.operator.redis.InstanceRedisUsers;
import dev.cps.calendar.operator.redis.OrphanedBookings;
import dev.cps.calendar.operator.pool.PoolPlacement;
import dev.cps.calendar.operator.redis.PoolRedisUsers;
import dev.cps.calendar.operator.redis.RedisRestartWatch;
import dev.cps.calendar.operator.redis.RedisUnavailableException;
import dev.cps.calendar.operator.redis.SlugClaim;
import dev.cps.calendar.operator.redis.SlugClaims;
import dev.cps.calendar.operator.route.RouteAvailability;
import dev.cps.calendar.operator.settings.OperatorSettings;
import dev.cps.calendar.operator.status.Conditions;
import dev.cps.calendar.operator.status.Outcome;
import dev.cps.calendar.operator.status.StatusCalculator;
import dev.cps.calendar.operator.status.StatusReason;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a CalendarInstance into a running calendar. A reconcile is these stages, in order:
 * <ol>
 *   <li>{@link #validate}: what the schema could not refuse stalls the resource;</li>
 *   <li>{@link #claimSlug}: one resource per slug across all namespaces;</li>
 *   <li>{@link #setUpRedisIdentity}: the instance's ACL user, its password kept in the Secret;</li>
 *   <li>{@link #resolveAccess}: who may open the calendar; its passcodes kept in {@code <slug>-access};</li>
 *   <li>{@link #seedConfig}: the config the app reads (with the passcodes' hashes), announced on the change feed;</li>
 *   <li>{@link PoolPlacement}: a Shared calendar's pool (its objects, its Redis user, the members hash), and the
 *       steps of a move between Dedicated and Shared;</li>
 *   <li>{@link #applyChildren}: Secret, Deployment, Service, and the route: an Ingress or an HTTPRoute
 *       (the workflow below; the one not chosen is deleted, and the HTTPRoute is watched only once the
 *       cluster serves it);</li>
 *   <li>{@link OrphanedBookings}: how many upcoming bookings the config no longer fits (left by an edit);</li>
 *   <li>{@link #report}: the status, patched only when it changed (and put into the cache at once, so
 *       a reconcile that follows does not write it again), and one Event telling what the stages did
 *       (one, not one per stage: each is an API request).</li>
 * </ol>
 * Every stage compares before it writes, so a resync of an unchanged resource writes nothing.
 * On delete, {@link #cleanup} removes (or, with {@code Retain}, keeps) the instance's Redis data;
 * Kubernetes collects the children through their owner references.
 */
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = CalendarInstanceReconciler.REDIS_SECRET, type = RedisSecretDependentResource.class),
        @Dependent(name = CalendarInstanceReconciler.ACCESS_SECRET, type = AccessSecretDependentResource.class,
                useEventSourceWithName = CalendarInstanceReconciler.REDIS_SECRET),
        @Dependent(name = "deployment", type = AppDeploymentDependentResource.class, dependsOn = CalendarInstanceReconciler.REDIS_SECRET,
                reconcilePrecondition = DedicatedServing.class),
        // the route does not depend on the Service: a Shared calendar's route points at its pool's, and has none of its own
        @Dependent(name = "service", type = AppServiceDependentResource.class, reconcilePrecondition = DedicatedServing.class),
        @Dependent(name = "ingress", type = AppIngressDependentResource.class, reconcilePrecondition = IngressSelected.class),
        @Dependent(name = "httproute", type = AppHttpRouteDependentResource.class,
                activationCondition = HttpRoutesAvailable.class, reconcilePrecondition = HttpRouteSelected.class)})
@ControllerConfiguration(name = CalendarInstanceReconciler.NAME)
public class CalendarInstanceReconciler implements Reconciler<CalendarInstance>, Cleaner<CalendarInstance> {

    public static final String NAME = "calendarinstance";
    /** Index of the controller's cache: the CalendarInstances that ask for a slug. */
    static final String BY_SLUG = "slug";
    /** Index of the controller's cache: the CalendarInstances a pool counts as members ({@code <namespace>.<pool>}). */
    static final String BY_POOL = "pool";
    static final String REDIS_SECRET = "redis-secret";
    static final String ACCESS_SECRET = "access-secret";
    /** How soon a delete is tried again while Redis is unavailable. */
    static final Duration CLEANUP_RETRY = Duration.ofSeconds(10);

    private final OperatorSettings settings;
    private final SlugClaims slugClaims;
    private final InstanceRedisUsers redisUsers;
    private final ConfigSeeder configSeeder;
    private final OrphanedBookings orphanedBookings;
    private final InstanceDataRemover dataRemover;
    private final InstanceEvents events;
    private final Clock clock;
    private final RedisRestartWatch redisRestarts;
    private final StatusWriter statusWriter;
    private final Wakeups wakeups = new Wakeups();
    private IndexerResourceCache<CalendarInstance> instances;
    private final AccessResolver accessResolver = new AccessResolver();
    private final PoolPlacement placement;

    public CalendarInstanceReconciler(OperatorSettings settings, SlugClaims slugClaims, InstanceRedisUsers redisUsers,
                                      PoolRedisUsers poolUsers, ConfigSeeder configSeeder, OrphanedBookings orphanedBookings,
                                      InstanceDataRemover dataRemover, InstanceEvents events, Clock clock,
                                      RedisRestartWatch redisRestarts) {
        this.settings = settings;
        this.slugClaims = slugClaims;
        this.redisUsers = redisUsers;
        this.configSeeder = configSeeder;
        this.orphanedBookings = orphanedBookings;
        this.dataRemover = dataRemover;
        this.events = events;
        this.clock = clock;
        this.redisRestarts = redisRestarts;
        this.statusWriter = new StatusWriter(settings.useSsa());
        this.placement = new PoolPlacement(poolUsers, settings, this::membersOf, events::normal);
    }

    /** The wakeups: calendars waiting for a released slug, and all of them after a Redis restart. */
    @Override
    public List<EventSource<?, CalendarInstance>> prepareEventSources(EventSourceContext<CalendarInstance> context) {
        instances = context.getPrimaryCache();
        instances.addIndexer(BY_SLUG, instance -> List.of(instance.slug()));
        instances.addIndexer(BY_POOL, CalendarInstanceReconciler::poolsOf);
        redisRestarts.start(() -> wakeups.reconcile(instances.list().toList()));
        return List.of(wakeups);
    }

    @Override
    public UpdateControl<CalendarInstance> reconcile(CalendarInstance instance, Context<CalendarInstance> context) {
        List<String> done = new ArrayList<>();
        Optional<String> invalid = validate(instance);
        if (invalid.isPresent()) {
            return report(instance, context, new Outcome.InvalidSpec(invalid.get()), done);
        }
        Optional<SlugClaim> otherHolder = claimSlug(instance, done);
        if (otherHolder.isPresent()) {
            return report(instance, context, new Outcome.SlugConflict("slug '" + instance.slug() + "' belongs to CalendarInstance "
                    + otherHolder.get().holder() + (otherHolder.get().retained() ? " (deleted, its data retained)" : "")
                    + "; choose another spec.slug"), done);
        }
        String password = setUpRedisIdentity(instance, context, done);
        AccessPlan access;
        try {
            access = resolveAccess(instance, context);
        } catch (AccessResolver.MissingPasscodeSecret e) {
            return report(instance, context, new Outcome.InvalidSpec(e.getMessage()), done);
        }
        InstanceConfig config = seedConfig(instance, access, done);
        PoolPlacement.Placed placed;
        try {
            placed = placement.place(instance, context, done);
        } catch (PoolRedisUsers.HostTaken e) {
            return report(instance, context, new Outcome.InvalidSpec(e.getMessage()), done);
        }
        applyChildren(instance, context, password, access, placed.serving(), done);
        var applied = new Outcome.Applied(instance.slug(), InstancePlan.urlOf(instance, settings),
                instance.getSpec().isSuspended(), placed.readyReplicas(), orphanedBookings.count(config), placed.display(),
                placed.pool().orElse(null));
        Optional<String> unroutable = RouteAvailability.problem(instance, settings.routes(), context.getClient());
        if (unroutable.isPresent()) {
            return report(instance, context, new Outcome.RouteUnsupported(unroutable.get(), applied), done)
                    .rescheduleAfter(RouteAvailability.RECHECK);
        }
        var reported = report(instance, context, applied, done);
        return placed.moving() ? reported.rescheduleAfter(PoolPlacement.MOVE_RECHECK) : reported;
    }

    /** The pools that count {@code instance} as a member: the one its spec asks for, and the one it may still be moving out of. */
    private static List<String> poolsOf(CalendarInstance instance) {
        if (instance.getMetadata().getDeletionTimestamp() != null || instance.getSpec() == null) {
            return List.of();
        }
        List<String> pools = new ArrayList<>();
        String namespace = instance.getMetadata().getNamespace();
        try {
            instance.getSpec().sharedPool().ifPresent(pool -> pools.add(PoolKeys.of(namespace, pool).id()));
            Optional.ofNullable(instance.getStatus()).map(CalendarInstanceStatus::getPool).map(pool -> PoolKeys.of(namespace, pool).id())
                    .filter(pool -> !pools.contains(pool)).ifPresent(pools::add);
        } catch (IllegalArgumentException invalidPool) {
            // a pool name that got past admission: SpecCheck stalls the calendar, the index must not fail the cache
        }
        return pools;
    }

    private List<CalendarInstance> membersOf(PoolKeys pool) {
        return instances == null ? List.of() : instances.byIndex(BY_POOL, pool.id());
    }

    private Optional<String> validate(CalendarInstance instance) {
        String held = heldSlug(instance);
        if (!held.equals(instance.slug())) {
            // the API server's transition rule refuses this; a change that got past it must change nothing
            return Optional.of("slug cannot change: this calendar is '" + held + "', spec.slug says '" + instance.slug()
                    + "'; set it back, or create a new CalendarInstance for another slug");
        }
        return SpecCheck.problems(instance);
    }

    /** The slug the instance holds: the one in its status once it has one, its identity from then on. */
    private static String heldSlug(CalendarInstance instance) {
        return Optional.ofNullable(instance.getStatus()).map(CalendarInstanceStatus::getSlug).orElse(instance.slug());
    }

    /** @return the resource holding the slug, if it is not this one */
    private Optional<SlugClaim> claimSlug(CalendarInstance instance, List<String> done) {
        var metadata = instance.getMetadata();
        var result = slugClaims.claim(instance.slug(), SlugClaim.of(metadata.getNamespace(), metadata.getName(), metadata.getUid()));
        if (result instanceof SlugClaims.Result.Conflict conflict) {
            return Optional.of(conflict.holder());
        }
        var held = (SlugClaims.Result.Held) result;
        if (held.adopted()) {
            done.add("took over the retained data of slug " + instance.slug());
        }
        return Optional.empty();
    }

    /** The password is generated once and then read back from the instance's Secret. */
    private String setUpRedisIdentity(CalendarInstance instance, Context<CalendarInstance> context, List<String> done) {
        String password = ownedSecret(context, RedisSecretDependentResource.name(instance.slug()))
                .flatMap(RedisSecretDependentResource::passwordIn)
                .orElseGet(InstanceRedisUsers::newPassword);
        if (redisUsers.ensure(instance.slug(), password)) {
            done.add("Redis user " + InstanceRedisUsers.username(instance.slug())
                    + " may use only the keys and channels instance:{" + instance.slug() + "}:*");
        }
        return password;
    }

    /** Passcodes are generated once and read back from {@code <slug>-access}; the config gets only their hashes. */
    private AccessPlan resolveAccess(CalendarInstance instance, Context<CalendarInstance> context) {
        String namespace = instance.getMetadata().getNamespace();
        return accessResolver.resolve(instance, ownedSecret(context, AccessSecretDependentResource.name(instance.slug())),
                name -> Optional.ofNullable(context.getClient().secrets().inNamespace(namespace).withName(name).get()),
                configSeeder.current(instance.slug()));
    }

    /** The two owned Secrets share one informer (one watch of labelled Secrets): told apart by name. */
    private static Optional<Secret> ownedSecret(Context<CalendarInstance> context, String name) {
        return context.getSecondaryResourcesAsStream(Secret.class)
                .filter(secret -> name.equals(secret.getMetadata().getName()))
                .findFirst();
    }

    private InstanceConfig seedConfig(CalendarInstance instance, AccessPlan access, List<String> done) {
        InstanceConfig config = DesiredConfig.of(instance).withAccess(access.access());
        if (configSeeder.seed(config)) {
            done.add("wrote the calendar config and notified running apps");
        }
        return config;
    }

    private void applyChildren(CalendarInstance instance, Context<CalendarInstance> context, String password, AccessPlan access,
                               InstancePlan.Serving serving, List<String> done) {
        InstancePlan.of(instance, settings, InstanceRedisUsers.username(instance.slug()), password)
                .withAccessSecret(access.secret()).withServing(serving).putInto(context);
        ChildChanges changes = ChildChanges.startIn(context);
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        done.addAll(changes.list());
    }

    /** Of its own Deployment: a pool's, which it may own a share of, is the placement's business. */
    private static Optional<Deployment> ownDeployment(CalendarInstance instance, Context<CalendarInstance> context) {
        return context.getSecondaryResourcesAsStream(Deployment.class)
                .filter(deployment -> deployment.getMetadata().getName().equals(AppDeploymentDependentResource.name(instance.slug())))
                .findFirst();
    }

    private static int readyReplicas(CalendarInstance instance, Context<CalendarInstance> context) {
        return ownDeployment(instance, context)
                .map(Deployment::getStatus)
                .map(status -> status.getReadyReplicas() == null ? 0 : status.getReadyReplicas())
                .orElse(0);
    }

    private UpdateControl<CalendarInstance> report(CalendarInstance instance, Context<CalendarInstance> context, Outcome outcome,
                                                   List<String> done) {
        writeStatus(instance, context, outcome, done);
        return UpdateControl.noUpdate();
    }

    /** Writes the new status, unless it says nothing new, and announces what happened. */
    private void writeStatus(CalendarInstance instance, Context<CalendarInstance> context, Outcome outcome, List<String> done) {
        CalendarInstanceStatus previous = instance.getStatus();
        CalendarInstanceStatus next = StatusCalculator.next(previous, outcome, instance.getMetadata().getGeneration(), clock.instant());
        announce(instance, previous, next, done);
        if (StatusCalculator.changed(previous, next)) {
            statusWriter.write(instance, next, context);
        }
    }

    /** One Event per reconcile that did something: the Ready transition, if any, and what the stages did. */
    private void announce(CalendarInstance instance, CalendarInstanceStatus previous, CalendarInstanceStatus next, List<String> done) {
        if (StatusCalculator.newlyOrphaned(previous, next) > 0) {
            events.warning(instance, "OrphanedBookings", next.getOrphanedBookings() + " upcoming booking(s) belong to no current user"
                    + " or fall outside the hours, and still hold their slots: an editor can remove or reassign them on the page");
        }
        var ready = Conditions.find(next.getConditions(), Conditions.READY).orElseThrow();
        var before = previous == null ? Optional.<io.fabric8.kubernetes.api.model.Condition>empty()
                : Conditions.find(previous.getConditions(), Conditions.READY);
        boolean transition = before.map(b -> !b.getStatus().equals(ready.getStatus()) || !b.getReason().equals(ready.getReason()))
                .orElse(true);
        if (!transition) {
            if (!done.isEmpty()) {
                events.normal(instance, "Updated", String.join("; ", done));
            }
            return;
        }
        String message = done.isEmpty() ? ready.getMessage() : ready.getMessage() + " (" + String.join("; ", done) + ")";
        boolean problem = StatusReason.named(ready.getReason()).map(StatusReason::warning).orElse(false);
        if (problem) {
            events.warning(instance, ready.getReason(), message);
        } else {
            events.normal(instance, ready.getReason(), message);
        }
    }

    /** A failed reconcile: Redis being down is a status the user can read; the framework retries with backoff. */
    @Override
    public ErrorStatusUpdateControl<CalendarInstance> updateErrorStatus(CalendarInstance instance, Context<CalendarInstance> context,
                                                                        Exception e) {
        Optional<RedisUnavailableException> redisDown = causeOfType(e, RedisUnavailableException.class);
        if (redisDown.isEmpty()) {
            events.warning(instance, "ReconcileFailed", String.valueOf(e.getMessage()));
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        Integer ready = ownDeployment(instance, context).isPresent() ? readyReplicas(instance, context) : null;
        writeStatus(instance, context, new Outcome.RedisUnavailable(redisDown.get().getMessage(), ready), List.of());
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    @Override
    public DeleteControl cleanup(CalendarInstance instance, Context<CalendarInstance> context) {
        String slug = heldSlug(instance);
        String uid = instance.getMetadata().getUid();
        if (!Slug.isValid(slug)) {
            return DeleteControl.defaultDelete();
        }
        try {
            boolean holdsSlug = slugClaims.holder(slug).map(claim -> claim.isHeldBy(uid)).orElse(false);
            if (!holdsSlug) {
                return DeleteControl.defaultDelete(); // e.g. a slug conflict: nothing in Redis is this resource's
            }
            placement.forget(instance); // the pool stops serving it first; the garbage collector drops its owner reference
            if (instance.getSpec().deletionPolicyOrDefault() == DeletionPolicy.Retain) {
                slugClaims.retain(slug, uid);
                redisUsers.disable(slug); // nobody holds its password any more; adoption sets a new one
                events.normal(instance, "DataRetained", "kept the Redis data of " + slug
                        + " for a new CalendarInstance with this slug in namespace " + instance.getMetadata().getNamespace());
            } else {
                long keys = dataRemover.remove(slug, uid);
                events.normal(instance, "DataRemoved", "removed " + keys + " Redis key(s), the Redis user and the slug claim of " + slug);
            }
            wakeUpOthersWaitingFor(slug, uid);
            return DeleteControl.defaultDelete();
        } catch (RedisUnavailableException e) {
            events.warning(instance, StatusReason.RedisUnavailable.name(), e.getMessage() + "; the delete waits for Redis");
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(CLEANUP_RETRY);
        }
    }

    /** Whoever asked for the slug too may take it now, not at its next resync. */
    private void wakeUpOthersWaitingFor(String slug, String releasedBy) {
        if (instances != null) {
            wakeups.reconcile(instances.byIndex(BY_SLUG, slug).stream()
                    .filter(other -> !other.getMetadata().getUid().equals(releasedBy)).toList());
        }
    }

    private static <T extends Throwable> Optional<T> causeOfType(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}
