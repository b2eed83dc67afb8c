package dev.cps.calendar.api;

/** The environment the operator gives each instance app container, and what the app answers on. */
public final class AppEnvironment {

    /** The instance's slug: selects its keys in Redis. */
    public static final String INSTANCE_SLUG = "INSTANCE_SLUG";
    /** {@code redis://user:password@host:port} with the instance's own ACL user. Unset: in-memory demo. */
    public static final String REDIS_URL = "REDIS_URL";
    /**
     * Set on a pool Deployment ({@code placement: Shared}): {@code <namespace>.<pool>} of {@link PoolKeys}.
     * The process then serves every member calendar of the pool by the request's Host, and
     * {@link #INSTANCE_SLUG} is not set; {@link #REDIS_URL} carries the pool's own user.
     */
    public static final String POOL_ID = "POOL_ID";
    public static final String PORT = "PORT";
    /** The private port of {@link #METRICS_PATH}: no Service port, Ingress or route exposes it, only Prometheus reaches it. */
    public static final String METRICS_PORT = "METRICS_PORT";
    /** The address both ports listen on; unset, every interface (a pod's). */
    public static final String BIND_ADDRESS = "BIND_ADDRESS";

    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_METRICS_PORT = 9090;
    /** Prometheus text, on {@link #METRICS_PORT} only; the public port answers 404 for it. */
    public static final String METRICS_PATH = "/metrics";
    /** Liveness and readiness path: 200 when Redis answers and the config is there, else 503. */
    public static final String HEALTH_PATH = "/api/health";

    private AppEnvironment() {
    }
}
