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

    private static final Set<String> READ_WRITE = Set.of("get", "list", "watch", "create", "update", "patch", "delete");

    /** Granted in every watched namespace (or cluster-wide). */
    static final Map<String, Set<String>> RECONCILE = Map.of(
            "calendar.cps.dev/calendarinstances", Set.of("get", "list", "watch", "patch", "update"),
            "calendar.cps.dev/calendarinstances/status", Set.of("get", "patch", "update"),
            "calendar.cps.dev/calendarinstances/finalizers", Set.of("update"),
            "/secrets", READ_WRITE,
            "/services", READ_WRITE,
            "apps/deployments", READ_WRITE,
            "networking.k8s.io/ingresses", READ_WRITE,
            "/events", Set.of("create", "patch"),
            "events.k8s.io/events", Set.of("create", "patch"));

    /** Granted in the Lease namespace only. */
    static final Map<String, Set<String>> LEADER_ELECTION = Map.of(
            "coordination.k8s.io/leases", Set.of("get", "create", "update"));

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
