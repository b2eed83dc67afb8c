package dev.cps.calendar.testing.standin;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * One kind the stand-in serves, as discovery describes it: the built-in kinds the operator, the
 * local stack and kubectl use (Events with kubectl's columns), and every kind of a stored CustomResourceDefinition (with its
 * printer columns, for server-side tables).
 */
record ApiResource(String group, String version, String plural, String singular, String kind, boolean namespaced,
                   List<String> shortNames, List<JsonNode> printerColumns, boolean custom) {

    static final List<ApiResource> BUILT_IN = List.of(
            builtIn("", "namespaces", "Namespace", false, "ns"),
            builtIn("", "secrets", "Secret", true),
            builtIn("", "configmaps", "ConfigMap", true, "cm"),
            builtIn("", "services", "Service", true, "svc"),
            builtIn("", "serviceaccounts", "ServiceAccount", true, "sa"),
            builtIn("", "pods", "Pod", true, "po"),
            withColumns(builtIn("", "events", "Event", true, "ev"),
                    column("Last Seen", "date", ".lastTimestamp"), column("Type", "string", ".type"),
                    column("Reason", "string", ".reason"), column("Object", "string", ".involvedObject.name"),
                    column("Message", "string", ".message")),
            builtIn("apps", "deployments", "Deployment", true, "deploy"),
            builtIn("apps", "replicasets", "ReplicaSet", true, "rs"),
            builtIn("networking.k8s.io", "ingresses", "Ingress", true, "ing"),
            builtIn("coordination.k8s.io", "leases", "Lease", true),
            builtIn("apiextensions.k8s.io", "customresourcedefinitions", "CustomResourceDefinition", false, "crd", "crds"));

    private static ApiResource builtIn(String group, String plural, String kind, boolean namespaced, String... shortNames) {
        return new ApiResource(group, "v1", plural, kind.toLowerCase(java.util.Locale.ROOT), kind, namespaced, List.of(shortNames), List.of(), false);
    }

    private static ApiResource withColumns(ApiResource r, JsonNode... columns) {
        return new ApiResource(r.group, r.version, r.plural, r.singular, r.kind, r.namespaced, r.shortNames, List.of(columns), false);
    }

    private static JsonNode column(String name, String type, String jsonPath) {
        return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("name", name).put("type", type)
                .put("jsonPath", jsonPath);
    }

    /** The kinds one stored CRD adds, one per served version. */
    static List<ApiResource> of(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        JsonNode names = spec.path("names");
        List<String> shortNames = new ArrayList<>();
        names.path("shortNames").forEach(n -> shortNames.add(n.asText()));
        List<ApiResource> resources = new ArrayList<>();
        for (JsonNode version : spec.path("versions")) {
            if (!version.path("served").asBoolean(true)) {
                continue;
            }
            List<JsonNode> columns = new ArrayList<>();
            version.path("additionalPrinterColumns").forEach(columns::add);
            resources.add(new ApiResource(spec.path("group").asText(), version.path("name").asText(), names.path("plural").asText(),
                    names.path("singular").asText(names.path("kind").asText().toLowerCase(java.util.Locale.ROOT)),
                    names.path("kind").asText(), !"Cluster".equals(spec.path("scope").asText()), List.copyOf(shortNames),
                    List.copyOf(columns), true));
        }
        return resources;
    }

    String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The path prefix of this kind's group and version: {@code /api/v1} or {@code /apis/<group>/<version>}. */
    String groupVersionPath() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }
}
