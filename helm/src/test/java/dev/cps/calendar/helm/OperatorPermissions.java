package dev.cps.calendar.helm;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every Kubernetes API call the operator makes, as "group/resource" -> verbs.
 * The chart's RBAC must grant exactly these: a missing verb breaks the
 * operator, an extra one is a privilege nobody asked for. When the operator
 * starts calling something new, add it here and in templates/_rbac.tpl.
 */
final class OperatorPermissions {

    /** No delete: owner references let Kubernetes collect the children. Patch is server-side apply's verb. */
    private static final Set<String> CHILDREN = Set.of("get", "list", "watch", "create", "update", "patch");
    /** A route is deleted when its calendar switches to another route kind. */
    private static final Set<String> ROUTE = Set.of("get", "list", "watch", "create", "update", "patch", "delete");
    /** A Shared calendar's own Deployment and Service are deleted once its pool serves it, and a pool's Deployment once it is empty. */
    private static final Set<String> PLACED = ROUTE;

    /** Granted in every watched namespace (or cluster-wide). */
    static final Map<String, Set<String>> RECONCILE = Map.of(
            "calendar.cps.dev/calendarinstances", Set.of("get", "list", "watch", "patch", "update"),
            "calendar.cps.dev/calendarinstances/status", Set.of("get", "patch", "update"),
            "calendar.cps.dev/calendarinstances/finalizers", Set.of("update"),
            "/secrets", CHILDREN,
            "/services", PLACED,
            "apps/deployments", PLACED,
            "networking.k8s.io/ingresses", ROUTE,
            "/events", Set.of("create"));

    /** Granted too when HTTPRoutes are on (route.gateway.name is set). */
    static final Map<String, Set<String>> HTTP_ROUTES = Map.of("gateway.networking.k8s.io/httproutes", ROUTE);

    /** RECONCILE, and HTTP_ROUTES when they are on. */
    static Map<String, Set<String>> reconcile(boolean httpRoutes) {
        Map<String, Set<String>> all = new TreeMap<>(RECONCILE);
        if (httpRoutes) {
            all.putAll(HTTP_ROUTES);
        }
        return all;
    }

    /** Granted in the Lease namespace only. */
    static final Map<String, Set<String>> LEADER_ELECTION = Map.of(
            "coordination.k8s.io/leases", Set.of("get", "create", "update", "patch"));

    /**
     * The rules of a Role or ClusterRole as "group/resource" -> verbs. Fails on
     * what this form cannot express: resourceNames, nonResourceURLs.
     */
    static Map<String, Set<String>> grantedBy(JsonNode role) {
        Map<String, Set<String>> granted = new TreeMap<>();
        for (JsonNode rule : role.path("rules")) {
            if (rule.has("resourceNames") || rule.has("nonResourceURLs")) {
                throw new AssertionError("unexpected rule shape in " + role.at("/metadata/name") + ": " + rule);
            }
            for (JsonNode group : rule.path("apiGroups")) {
                for (JsonNode resource : rule.path("resources")) {
                    Set<String> verbs = granted.computeIfAbsent(group.asText() + "/" + resource.asText(), k -> new TreeSet<>());
                    rule.path("verbs").forEach(verb -> verbs.add(verb.asText()));
                }
            }
        }
        return granted;
    }

    private OperatorPermissions() {
    }
}
