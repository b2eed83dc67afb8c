package dev.cps.calendar.operator.route;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Whether the cluster serves {@code gateway.networking.k8s.io/v1} HTTPRoutes, from the API
 * server's discovery (which every authenticated user may read; no CRD read rights needed). The
 * route's informer is registered only once the answer is yes, so an operator on a cluster without
 * the Gateway API CRDs, or with only some of them, never watches a kind that does not exist. A no
 * is asked again after {@link #RECHECK}: CRDs installed later are found without a restart.
 */
public final class GatewayApi {

    public static final String GROUP = "gateway.networking.k8s.io";
    public static final String VERSION = "v1";
    public static final String HTTP_ROUTES = "httproutes";
    static final Duration RECHECK = Duration.ofSeconds(5);
    public static final String INSTALL_HINT = "the cluster does not serve " + GROUP + "/" + VERSION + " HTTPRoute: install the "
            + "Gateway API standard-channel CRDs (v1.2 or newer, https://gateway-api.sigs.k8s.io/guides/#installing-gateway-api) "
            + "and a Gateway controller; the calendar is routed as soon as they are there, without a restart";

    private static final Logger LOG = LoggerFactory.getLogger(GatewayApi.class);
    private static final Map<KubernetesClient, GatewayApi> BY_CLIENT = new WeakHashMap<>();

    private final KubernetesClient client;
    private final Clock clock;
    private boolean served;
    private Instant checkedAt = Instant.MIN;

    GatewayApi(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** One per API server connection: the activation condition and the reconciler share the answer. */
    public static GatewayApi of(KubernetesClient client) {
        synchronized (BY_CLIENT) {
            return BY_CLIENT.computeIfAbsent(client, c -> new GatewayApi(c, Clock.systemUTC()));
        }
    }

    /** A yes is kept; a no is asked again after {@link #RECHECK}. */
    public synchronized boolean servesHttpRoutes() {
        Instant now = clock.instant();
        if (!served && !now.isBefore(checkedAt.plus(RECHECK))) {
            checkedAt = now;
            served = discover();
            if (served) {
                LOG.info("the cluster serves {}/{} {}: HTTPRoutes are on", GROUP, VERSION, HTTP_ROUTES);
            }
        }
        return served;
    }

    private boolean discover() {
        try {
            APIResourceList resources = client.getApiResources(GROUP + "/" + VERSION);
            return resources != null && resources.getResources() != null
                    && resources.getResources().stream().anyMatch(r -> HTTP_ROUTES.equals(r.getName()));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warn("cannot tell whether the cluster serves {}/{}: {}", GROUP, VERSION, e.getMessage());
            }
            return false;
        }
    }
}
