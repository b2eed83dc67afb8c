package dev.cps.calendar.operator;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.metrics.InstanceReadinessMetrics;
import dev.cps.calendar.operator.probes.ProbeServer;
import dev.cps.calendar.operator.reconciler.CalendarInstanceReconciler;
import dev.cps.calendar.operator.reconciler.InstanceEvents;
import dev.cps.calendar.operator.redis.ConfigSeeder;
import dev.cps.calendar.operator.redis.InstanceDataRemover;
import dev.cps.calendar.operator.redis.InstanceRedisUsers;
import dev.cps.calendar.operator.redis.OrphanedBookings;
import dev.cps.calendar.operator.redis.PoolRedisUsers;
import dev.cps.calendar.operator.redis.RedisAdmin;
import dev.cps.calendar.operator.redis.RedisRestartWatch;
import dev.cps.calendar.operator.redis.SlugClaims;
import dev.cps.calendar.operator.settings.OperatorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The operator, assembled: settings from the environment, the Kubernetes client (KUBECONFIG or
 * in-cluster), the Redis admin connection, the CalendarInstance controller, probes and metrics.
 *
 * <p>Kubernetes API calls it makes (the Helm chart's RBAC grants exactly these; {@code
 * KubernetesApiUsageTest} checks every request the operator makes on the mock server against this list):
 * <ul>
 *   <li>calendar.cps.dev calendarinstances: list, watch (informer); patch (finalizer add/remove);
 *       calendarinstances/status: patch (status); calendarinstances/finalizers: update (implied by the children's
 *       owner references with blockOwnerDeletion)</li>
 *   <li>core secrets, services; apps deployments; networking.k8s.io ingresses: list, watch (informers, label
 *       selector {@code app.kubernetes.io/managed-by=calendar-operator}); create, update (PUT); delete is called only
 *       for an Ingress whose calendar switched its route kind, for a Shared calendar's own Deployment and Service once
 *       its pool serves it, and for a pool's Deployment when its last calendar left it by an edit (owner references let
 *       Kubernetes collect the rest: a pool's Service and Secret with its Deployment, the Deployment with its last member)</li>
 *   <li>gateway.networking.k8s.io httproutes, only when HTTPRoutes are on (GATEWAY_NAME) and the cluster serves them:
 *       list, watch, create, update, delete (as the Ingress); and API discovery of gateway.networking.k8s.io/v1
 *       (allowed to every authenticated user), to find out whether it serves them</li>
 *   <li>core events: create</li>
 *   <li>coordination.k8s.io leases: get, create, update, patch (leader election, when on; fabric8 renews with a patch); and one
 *       authorization.k8s.io SelfSubjectRulesReview create at start, which JOSDK uses to check the lease rights
 *       (allowed to every authenticated user)</li>
 * </ul>
 */
public final class CalendarOperator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CalendarOperator.class);
    public static final String LEASE_NAME = "calendar-operator";

    private final Operator operator;
    private final RedisAdmin redis;
    private final ProbeServer probes;
    private final RedisRestartWatch redisRestarts;

    private final ExecutorService reconcilers;
    private final ExecutorService workflows;

    private CalendarOperator(Operator operator, RedisAdmin redis, ProbeServer probes, RedisRestartWatch redisRestarts,
                             ExecutorService reconcilers, ExecutorService workflows) {
        this.reconcilers = reconcilers;
        this.workflows = workflows;
        this.redisRestarts = redisRestarts;
        this.operator = operator;
        this.redis = redis;
        this.probes = probes;
    }

    public static void main(String[] args) {
        OperatorSettings settings = OperatorSettings.fromEnvironment();
        KubernetesClient client = new KubernetesClientBuilder().build();
        CalendarOperator running = start(settings, client, Clock.systemUTC(), true);
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "shutdown"));
        log.info("calendar operator started: namespaces {}, Redis {}, probes on port {}",
                settings.watchNamespaces().isEmpty() ? "all" : settings.watchNamespaces(), running.redis.address(),
                settings.healthPort());
    }

    /**
     * @param ownsProcess true when the operator runs as a process does (main, and the local stack, whose
     *                    probes Prometheus scrapes): it serves the probes and, with leader election on,
     *                    exits when it loses the lease; false in tests that run several operators in one JVM
     */
    public static CalendarOperator start(OperatorSettings settings, KubernetesClient client, Clock clock, boolean ownsProcess) {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);

        // The operator's own pools, so close() ends them: JOSDK creates its workflow pool lazily, and a reconcile
        // still running when it stops makes a new one that nothing shuts down (it kept bench/run.sh's JVM up).
        ExecutorService reconcilers = Executors.newFixedThreadPool(settings.reconcileThreads());
        ExecutorService workflows = Executors.newFixedThreadPool(settings.reconcileThreads());
        Operator operator = new Operator(overrider -> {
            overrider.withKubernetesClient(client)
                    .withExecutorService(reconcilers)
                    .withWorkflowExecutorService(workflows)
                    .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                    // the non-SSA path is the one the tests prove; SSA is an opt-in (USE_SSA=true)
                    .withUseSSAToPatchPrimaryResource(settings.useSsa())
                    .withSSABasedCreateUpdateMatchForDependentResources(settings.useSsa())
                    .withCloseClientOnStop(false);
            if (settings.leaderElection()) {
                var election = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE_NAME);
                settings.leaderElectionNamespace().ifPresent(election::withLeaseNamespace);
                settings.leaderElectionIdentity().ifPresent(election::withIdentity);
                // a leader that lost the lease may still be reconciling: the process ends, as JOSDK advises
                election.withExitOnStopLeading(ownsProcess);
                overrider.withLeaderElectionConfiguration(election.build());
            }
        });

        RedisAdmin redis = RedisAdmin.connect(settings);
        var redisRestarts = new RedisRestartWatch(redis);
        var slugClaims = new SlugClaims(redis);
        var redisUsers = new InstanceRedisUsers(redis);
        var reconciler = new CalendarInstanceReconciler(settings, slugClaims, redisUsers, new PoolRedisUsers(redis),
                new ConfigSeeder(redis, clock),
                new OrphanedBookings(redis, clock), new InstanceDataRemover(redis, redisUsers, slugClaims),
                new InstanceEvents(client, clock), clock, redisRestarts);
        var registered = operator.register(reconciler, controller -> {
            if (!settings.watchNamespaces().isEmpty()) {
                controller.settingNamespaces(settings.watchNamespaces());
            }
            // forever, with backoff: a Redis outage must end in a recovered status, whenever it ends
            controller.withRetry(new GenericRetry()
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setIntervalMultiplier(2)
                    .setMaxInterval(settings.retryMaxInterval().toMillis())
                    .withoutMaxAttempts());
            controller.withReconciliationMaxInterval(settings.resyncInterval());
        });
        if (registered instanceof Controller<CalendarInstance> controller) {
            InstanceReadinessMetrics.register(registry.getPrometheusRegistry(),
                    () -> controller.getEventSourceManager().getControllerEventSource().list(instance -> true));
        }
        operator.start();
        ProbeServer probes = ownsProcess ? ProbeServer.start(settings.healthPort(), operator.getRuntimeInfo(), registry) : null;
        return new CalendarOperator(operator, redis, probes, redisRestarts, reconcilers, workflows);
    }

    /** The port of /healthz, /readyz and /metrics; empty when started without probes. */
    public java.util.OptionalInt probePort() {
        return probes == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(probes.port());
    }

    public Operator operator() {
        return operator;
    }

    @Override
    public void close() {
        if (probes != null) {
            probes.close();
        }
        operator.stop();
        workflows.shutdownNow();
        reconcilers.shutdownNow();
        redisRestarts.close();
        redis.close();
    }
}
