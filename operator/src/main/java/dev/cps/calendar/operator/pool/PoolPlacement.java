package dev.cps.calendar.operator.pool;

import dev.cps.calendar.api.PoolKeys;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.CalendarInstanceStatus;
import dev.cps.calendar.operator.dependentresource.AppServiceDependentResource;
import dev.cps.calendar.operator.dependentresource.InstancePlan;
import dev.cps.calendar.operator.redis.PoolRedisUsers;
import dev.cps.calendar.operator.route.InstanceRoute;
import dev.cps.calendar.operator.settings.OperatorSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.reconciler.Context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a calendar runs, and the steps of a move, so that an edit of {@code spec.placement} loses
 * no booking (the data stays under its prefix) and leaves it unserved for a few seconds at most:
 * <ul>
 *   <li>Dedicated to Shared: join the pool (its objects, its Redis user's patterns, the members
 *       hash); once a pool pod is ready, point the route at the pool's Service; once the route
 *       points there, its own Deployment and Service are deleted.</li>
 *   <li>Shared to Dedicated: its own Deployment comes back at once; once a pod of it is ready, the
 *       route points at its own Service; once it does, the calendar leaves the pool (the last one
 *       to leave deletes the pool).</li>
 * </ul>
 * A step waits for an observed state (a ready pod, the route as the informer has it), and a
 * calendar in the middle of a move is looked at again after {@link #MOVE_RECHECK}, since the
 * framework does not wake it for its own writes. {@code status.pool} names the pool that counts it
 * as a member while it moves out; the spec, the one it moves into.
 */
public final class PoolPlacement {

    /** How soon a calendar in the middle of a move is looked at again; also the ingress' time to take a new backend. */
    public static final Duration MOVE_RECHECK = Duration.ofSeconds(2);
    public static final String DEDICATED = "Dedicated";

    /**
     * @param serving       who serves it in this reconcile (the children follow)
     * @param readyReplicas ready pods of whoever serves it
     * @param pool          the pool that has it as a member after this reconcile
     * @param moving        a step is still to come
     */
    public record Placed(InstancePlan.Serving serving, int readyReplicas, Optional<String> pool, String display, boolean moving) {
    }

    private final PoolResources resources = new PoolResources();
    private final PoolRedisUsers redis;
    private final OperatorSettings settings;
    /** The calendars whose spec or status names the pool, not being deleted. */
    private final Function<PoolKeys, List<CalendarInstance>> members;
    /** An Event on the calendar: reason, message. */
    private final Events events;

    /** Normal Events on a calendar, for its joins and leaves. */
    public interface Events {
        void normal(CalendarInstance instance, String reason, String message);
    }

    public PoolPlacement(PoolRedisUsers redis, OperatorSettings settings, Function<PoolKeys, List<CalendarInstance>> members,
                         Events events) {
        this.redis = redis;
        this.settings = settings;
        this.members = members;
        this.events = events;
    }

    public static String display(String pool) {
        return "Shared (pool " + pool + ")";
    }

    /** Takes the steps that are due; {@code done} hears what was written to the API server. */
    public Placed place(CalendarInstance instance, Context<CalendarInstance> context, List<String> done) {
        String slug = instance.slug();
        String own = AppServiceDependentResource.name(slug);
        Optional<Deployment> ownDeployment = context.getSecondaryResourcesAsStream(Deployment.class)
                .filter(deployment -> deployment.getMetadata().getName().equals(slug)).findFirst();
        int ownReady = ownDeployment.map(PoolPlacement::ready).orElse(0);
        Optional<String> current = Optional.ofNullable(instance.getStatus()).map(CalendarInstanceStatus::getPool);
        Optional<String> wanted = instance.getSpec().sharedPool();
        if (wanted.isPresent()) {
            return moveIn(instance, context, PoolKeys.of(instance.getMetadata().getNamespace(), wanted.get()), current,
                    ownDeployment.isPresent(), ownReady, done);
        }
        if (current.isEmpty()) {
            return new Placed(new InstancePlan.Serving(own, true), ownReady, Optional.empty(), DEDICATED, false);
        }
        PoolKeys pool = PoolKeys.of(instance.getMetadata().getNamespace(), current.get());
        int poolReady = resources.deployment(pool, context).map(PoolPlacement::ready).orElse(0);
        if (ownReady == 0 && poolReady > 0) {
            // its own pods are starting: the pool serves it meanwhile
            return new Placed(new InstancePlan.Serving(PoolObjects.name(pool.pool()), true), poolReady, current,
                    display(pool.pool()), true);
        }
        if (poolReady > 0 && !routedTo(own, instance, context)) {
            return new Placed(new InstancePlan.Serving(own, true), ownReady, current, DEDICATED, true);
        }
        leave(instance, pool, context, done);
        return new Placed(new InstancePlan.Serving(own, true), ownReady, Optional.empty(), DEDICATED, false);
    }

    /** Leaves whatever pool the spec or status names: the calendar is being deleted. Only Redis: its references are the garbage collector's. */
    public void forget(CalendarInstance instance) {
        List<String> pools = new ArrayList<>();
        instance.getSpec().sharedPool().ifPresent(pools::add);
        Optional.ofNullable(instance.getStatus()).map(CalendarInstanceStatus::getPool).filter(p -> !pools.contains(p)).ifPresent(pools::add);
        pools.forEach(pool -> redis.leave(PoolKeys.of(instance.getMetadata().getNamespace(), pool), instance.slug()));
    }

    private Placed moveIn(CalendarInstance instance, Context<CalendarInstance> context, PoolKeys pool, Optional<String> current,
                          boolean ownExists, int ownReady, List<String> done) {
        String poolService = PoolObjects.name(pool.pool());
        PoolResources.State state = resources.ensure(pool, membersWith(pool, instance), settings, context);
        done.addAll(state.changes());
        boolean suspended = instance.getSpec().isSuspended();
        if (suspended) {
            redis.leave(pool, instance.slug()); // the pool serves no suspended calendar
        } else if (redis.join(pool, state.password(), instance.slug(), InstancePlan.hostOf(instance, settings))) {
            events.normal(instance, "JoinedPool", "the pool " + poolService + " may read this calendar's keys and serves "
                    + InstancePlan.hostOf(instance, settings));
        }
        Optional<String> otherPool = current.filter(previous -> !previous.equals(pool.pool()));
        if (ownExists && !suspended && state.readyReplicas() == 0) {
            // nothing of the pool runs yet: its own pods keep serving it
            return new Placed(new InstancePlan.Serving(AppServiceDependentResource.name(instance.slug()), true), ownReady,
                    otherPool.or(() -> Optional.of(pool.pool())), DEDICATED, true);
        }
        boolean routed = routedTo(poolService, instance, context);
        if (routed && otherPool.isPresent()) {
            leave(instance, PoolKeys.of(pool.namespace(), otherPool.get()), context, done);
        }
        return new Placed(new InstancePlan.Serving(poolService, !routed && ownExists), state.readyReplicas(),
                routed ? Optional.of(pool.pool()) : otherPool.or(() -> Optional.of(pool.pool())), display(pool.pool()),
                !routed && (ownExists || otherPool.isPresent()));
    }

    private void leave(CalendarInstance instance, PoolKeys pool, Context<CalendarInstance> context, List<String> done) {
        boolean left = redis.leave(pool, instance.slug());
        List<CalendarInstance> remaining = members.apply(pool).stream().filter(member -> !same(member, instance)).toList();
        if (remaining.isEmpty()) {
            if (resources.remove(pool, context)) {
                done.add("deleted Deployment " + PoolObjects.name(pool.pool()) + ", its last calendar left");
            }
        } else {
            done.addAll(resources.ensure(pool, remaining, settings, context).changes());
        }
        if (left) {
            events.normal(instance, "LeftPool", "the pool " + PoolObjects.name(pool.pool()) + " no longer serves this calendar "
                    + "and may not read its keys");
        }
    }

    private List<CalendarInstance> membersWith(PoolKeys pool, CalendarInstance instance) {
        List<CalendarInstance> all = new ArrayList<>(members.apply(pool).stream().filter(member -> !same(member, instance)).toList());
        all.add(instance);
        return all;
    }

    /** True when the route (as the informer has it) points at {@code service}, or when the calendar has no route to wait for. */
    private boolean routedTo(String service, CalendarInstance instance, Context<CalendarInstance> context) {
        InstanceRoute route = InstanceRoute.of(instance, settings.routes());
        if (route.isIngress()) {
            return named(context, Ingress.class, instance.slug())
                    .map(ingress -> ingress.getSpec().getRules().stream().flatMap(rule -> rule.getHttp().getPaths().stream())
                            .allMatch(path -> service.equals(path.getBackend().getService().getName())))
                    .orElse(false);
        }
        if (route.isHttpRoute()) {
            try {
                return named(context, HTTPRoute.class, instance.slug())
                        .map(http -> http.getSpec().getRules().stream().flatMap(rule -> rule.getBackendRefs().stream())
                                .allMatch(backend -> service.equals(backend.getName())))
                        .orElse(false);
            } catch (RuntimeException notWatched) {
                return false; // the cluster serves no HTTPRoutes yet: the calendar is RouteUnsupported meanwhile
            }
        }
        return true;
    }

    private static <R extends HasMetadata> Optional<R> named(Context<CalendarInstance> context, Class<R> type, String name) {
        return context.getSecondaryResourcesAsStream(type).filter(object -> object.getMetadata().getName().equals(name)).findFirst();
    }

    private static boolean same(CalendarInstance a, CalendarInstance b) {
        return a.getMetadata().getUid() != null && a.getMetadata().getUid().equals(b.getMetadata().getUid());
    }

    private static int ready(Deployment deployment) {
        return deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null
                ? 0 : deployment.getStatus().getReadyReplicas();
    }
}
