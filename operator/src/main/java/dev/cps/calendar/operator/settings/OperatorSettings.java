package dev.cps.calendar.operator.settings;

import dev.cps.calendar.api.RedisUrl;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything the operator is told by its environment (the Helm chart sets these names).
 *
 * @param redisUrl             admin connection, {@code redis://[user:password@]host:port} or a Redis Cluster's seed nodes
 * @param redisUsername        admin user; overrides the one in {@code redisUrl}
 * @param redisPassword        admin password; overrides the one in {@code redisUrl}
 * @param instanceRedisUrl     {@code redis://host:port} (a cluster's {@code redis-cluster://host:port,...}) the instance
 *                             apps use (credentials are added per instance)
 * @param baseDomain           default host of an instance is {@code <slug>.<baseDomain>}
 * @param ingressClass         empty: the cluster's default ingress class
 * @param tlsIssuer            cert-manager ClusterIssuer; empty: no TLS on the Ingress
 * @param watchNamespaces      empty: all namespaces
 * @param useSsa               server-side apply for the primary's status and the children (off: the path the tests prove)
 * @param reconcileThreads     calendars reconciled at once, and as many threads for their children (JOSDK's two
 *                             pools keep every thread they start: the local stack runs with fewer)
 * @param retryMaxInterval     longest wait between retries of a failing reconcile (e.g. Redis down)
 * @param resyncInterval       every calendar is reconciled at least this often: a Redis that restarted
 *                             without its ACL users (or data) is set up again without anyone editing a resource
 * @param routes               the default route kind and the Gateway of HTTPRoutes
 * @param pools                how the pools of Shared calendars are run
 */
public record OperatorSettings(
        RedisUrl redisUrl,
        Optional<String> redisUsername,
        Optional<String> redisPassword,
        RedisUrl instanceRedisUrl,
        String baseDomain,
        Optional<Integer> publicPort,
        Optional<String> ingressClass,
        Optional<String> tlsIssuer,
        String instanceImage,
        InstanceResources instanceResources,
        Set<String> watchNamespaces,
        boolean useSsa,
        boolean leaderElection,
        Optional<String> leaderElectionNamespace,
        Optional<String> leaderElectionIdentity,
        int healthPort,
        int reconcileThreads,
        Duration retryMaxInterval,
        Duration resyncInterval,
        RouteSettings routes,
        PoolSettings pools) {

    public static final String DEFAULT_REDIS_URL = "redis://localhost:6379";
    public static final String DEFAULT_BASE_DOMAIN = "calendar.example.com";
    public static final String DEFAULT_INSTANCE_IMAGE = "ghcr.io/cps-dev/calendar-instance-app:0.1.0";
    public static final int DEFAULT_HEALTH_PORT = 8081;
    public static final int DEFAULT_RECONCILE_THREADS = ConfigurationService.DEFAULT_RECONCILIATION_THREADS_NUMBER;

    /** CPU and memory of each instance app container. */
    public record InstanceResources(String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {
        public static final InstanceResources DEFAULT = new InstanceResources("50m", "96Mi", "500m", "192Mi");

        /** Each in the API server's own form; a request above its limit is refused here, not by every Deployment. */
        public InstanceResources {
            cpuRequest = CanonicalQuantity.of(cpuRequest, "INSTANCE_CPU_REQUEST");
            memoryRequest = CanonicalQuantity.of(memoryRequest, "INSTANCE_MEMORY_REQUEST");
            cpuLimit = CanonicalQuantity.of(cpuLimit, "INSTANCE_CPU_LIMIT");
            memoryLimit = CanonicalQuantity.of(memoryLimit, "INSTANCE_MEMORY_LIMIT");
            if (CanonicalQuantity.amount(cpuRequest).compareTo(CanonicalQuantity.amount(cpuLimit)) > 0) {
                throw new IllegalArgumentException("INSTANCE_CPU_REQUEST (" + cpuRequest + ") is above INSTANCE_CPU_LIMIT (" + cpuLimit + ")");
            }
            if (CanonicalQuantity.amount(memoryRequest).compareTo(CanonicalQuantity.amount(memoryLimit)) > 0) {
                throw new IllegalArgumentException("INSTANCE_MEMORY_REQUEST (" + memoryRequest + ") is above INSTANCE_MEMORY_LIMIT ("
                        + memoryLimit + ")");
            }
        }
    }

    public static OperatorSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static OperatorSettings fromEnvironment(Map<String, String> env) {
        RedisUrl redisUrl = redisUrl(value(env, "REDIS_URL").orElse(DEFAULT_REDIS_URL), "REDIS_URL");
        RedisUrl instanceRedisUrl = value(env, "INSTANCE_REDIS_URL")
                .map(url -> redisUrl(url, "INSTANCE_REDIS_URL"))
                .orElse(redisUrl);
        return new OperatorSettings(
                redisUrl,
                value(env, "REDIS_USERNAME"),
                value(env, "REDIS_PASSWORD"),
                instanceRedisUrl.endpoint(),
                value(env, "BASE_DOMAIN").orElse(DEFAULT_BASE_DOMAIN),
                value(env, "PUBLIC_PORT").map(Integer::parseInt),
                value(env, "INGRESS_CLASS"),
                value(env, "TLS_ISSUER"),
                value(env, "INSTANCE_IMAGE").orElse(DEFAULT_INSTANCE_IMAGE),
                new InstanceResources(
                        value(env, "INSTANCE_CPU_REQUEST").orElse(InstanceResources.DEFAULT.cpuRequest()),
                        value(env, "INSTANCE_MEMORY_REQUEST").orElse(InstanceResources.DEFAULT.memoryRequest()),
                        value(env, "INSTANCE_CPU_LIMIT").orElse(InstanceResources.DEFAULT.cpuLimit()),
                        value(env, "INSTANCE_MEMORY_LIMIT").orElse(InstanceResources.DEFAULT.memoryLimit())),
                value(env, "WATCH_NAMESPACES")
                        .map(list -> Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                                .collect(Collectors.toUnmodifiableSet()))
                        .orElse(Set.of()),
                value(env, "USE_SSA").map(Boolean::parseBoolean).orElse(false),
                value(env, "LEADER_ELECTION").map(Boolean::parseBoolean).orElse(true),
                value(env, "LEADER_ELECTION_NAMESPACE").or(() -> value(env, "POD_NAMESPACE")),
                value(env, "LEADER_ELECTION_IDENTITY").or(() -> value(env, "POD_NAME")),
                value(env, "HEALTH_PORT").map(Integer::parseInt).orElse(DEFAULT_HEALTH_PORT),
                value(env, "RECONCILE_THREADS").map(v -> positive(v, "RECONCILE_THREADS")).orElse(DEFAULT_RECONCILE_THREADS),
                Duration.ofSeconds(60),
                Duration.ofMinutes(3),
                RouteSettings.fromEnvironment(env),
                PoolSettings.fromEnvironment(env));
    }

    /** The Redis address an instance app uses, with the instance's own user and password. */
    public String instanceRedisUrl(String username, String password) {
        return instanceRedisUrl.withCredentials(username, password).toString();
    }

    public boolean tls() {
        return tlsIssuer.isPresent();
    }

    /** Shorter retries and resyncs, for tests. */
    public OperatorSettings withIntervals(Duration retryMaxInterval, Duration resyncInterval) {
        return new OperatorSettings(redisUrl, redisUsername, redisPassword, instanceRedisUrl, baseDomain, publicPort, ingressClass,
                tlsIssuer, instanceImage, instanceResources, watchNamespaces, useSsa, leaderElection,
                leaderElectionNamespace, leaderElectionIdentity, healthPort, reconcileThreads, retryMaxInterval, resyncInterval, routes, pools);
    }

    private static int positive(String value, String name) {
        try {
            int number = Integer.parseInt(value);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(name + " must be a whole number of at least 1, got \"" + value + "\"");
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** Like the apps' REDIS_URL, but {@code host:port} alone is taken as {@code redis://host:port}. */
    private static RedisUrl redisUrl(String value, String name) {
        return RedisUrl.parse(value.contains("://") ? value : "redis://" + value, name);
    }
}
