package dev.cps.calendar.testing.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * fabric8's CRUD dispatcher plus what kubectl needs from an API server and the mock does not do:
 * discovery documents ({@code /api}, {@code /apis}, {@code /version}, {@code /openapi/v3}) instead of
 * a dump of every stored object, server-side tables from the CRDs' printer columns, field selectors
 * on any field ({@code kubectl describe} finds Events by {@code involvedObject}), strategic merge
 * patches (taken as merge patches: lists are replaced, not merged by key), and watches over plain
 * HTTP (answered with the current objects after a second and a half: kubectl watches again).
 */
final class KubectlDispatcher extends KubernetesCrudDispatcher {

    static final String KUBERNETES_VERSION = "v1.34.0-stand-in";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private static final Set<String> STORED_FIELDS = Set.of("metadata.name", "metadata.namespace");
    private static final Duration WATCH_POLL = Duration.ofMillis(1500);

    private final WatchedSelections watched = new WatchedSelections();
    /** The kinds discovery lists, cached: reading every stored CRD for each request would cost more than the request. */
    private volatile List<ApiResource> served;

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        int q = path.indexOf('?');
        String route = q < 0 ? path : path.substring(0, q);
        Map<String, String> query = query(q < 0 ? "" : path.substring(q + 1));
        if (route.length() > 1 && route.endsWith("/")) {
            route = route.substring(0, route.length() - 1);
        }
        if (!"GET".equals(request.getMethod())) {
            if (route.startsWith(CRDS)) {
                served = null; // a CRD came or went: discovery reads them again
            }
            boolean strategic = "PATCH".equals(request.getMethod())
                    && String.valueOf(request.getHeader("Content-Type")).contains("strategic-merge-patch");
            return super.dispatch(strategic ? asMergePatch(request) : request);
        }
        Optional<MockResponse> discovery = discovery(route);
        if (discovery.isPresent()) {
            return discovery.get();
        }
        Optional<ResourcePath> target = ResourcePath.parse(route, resources());
        if (target.isEmpty()) {
            return super.dispatch(request);
        }
        boolean watch = "true".equals(query.get("watch")) || "1".equals(query.get("watch"));
        if (watch && request.getHeader("Upgrade") == null) {
            return plainHttpWatch(target.get(), route, query);
        }
        if (watch) {
            return super.dispatch(request);
        }
        MockResponse stored = get(route, query);
        if (stored.code() != 200) {
            return stored;
        }
        String accept = String.valueOf(request.getHeader("Accept"));
        if (accept.contains("as=Table")) {
            return json(ServerSideTable.of(target.get().resource(), read(stored)));
        }
        if (target.get().name() != null) {
            return stored;
        }
        JsonNode found = read(stored);
        if (found.has("items")) {
            // a typed client (kubectl's Events) reads only a <Kind>List, not the mock's "List"
            ((ObjectNode) found).put("kind", target.get().resource().kind() + "List")
                    .put("apiVersion", target.get().resource().groupVersion());
            return json(found);
        }
        return stored;
    }

    // ---- discovery

    private Optional<MockResponse> discovery(String route) {
        List<ApiResource> resources = resources();
        switch (route) {
            case "/":
                ObjectNode root = JSON.createObjectNode();
                ArrayNode paths = root.putArray("paths");
                List.of("/api", "/api/v1", "/apis", "/openapi/v3", "/version").forEach(paths::add);
                groupVersions(resources).forEach(gv -> paths.add("/apis/" + gv));
                return Optional.of(json(root));
            case "/version":
                ObjectNode version = JSON.createObjectNode();
                String[] parts = KUBERNETES_VERSION.substring(1).split("[.-]");
                version.put("major", parts[0]).put("minor", parts[1]).put("gitVersion", KUBERNETES_VERSION)
                        .put("platform", "linux/amd64");
                return Optional.of(json(version));
            case "/api":
                ObjectNode versions = JSON.createObjectNode().put("kind", "APIVersions");
                versions.putArray("versions").add("v1");
                versions.putArray("serverAddressByClientCIDRs");
                return Optional.of(json(versions));
            case "/apis":
                ObjectNode groups = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
                ArrayNode list = groups.putArray("groups");
                Map<String, List<String>> byGroup = new LinkedHashMap<>();
                resources.stream().filter(r -> !r.group().isEmpty())
                        .forEach(r -> byGroup.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r.version()));
                byGroup.forEach((group, vs) -> list.add(group(group, vs)));
                return Optional.of(json(groups));
            case "/openapi/v2":
                // kubectl falls back to the compiled-in schemas; the answer never lists objects
                return Optional.of(status(404, "NotFound", "the stand-in serves /openapi/v3 only"));
            case "/openapi/v3":
                ObjectNode index = JSON.createObjectNode();
                ObjectNode indexPaths = index.putObject("paths");
                indexPaths.putObject("api/v1").put("serverRelativeURL", "/openapi/v3/api/v1");
                groupVersions(resources).forEach(gv -> indexPaths.putObject("apis/" + gv)
                        .put("serverRelativeURL", "/openapi/v3/apis/" + gv));
                return Optional.of(json(index));
            default:
                break;
        }
        if (route.startsWith("/openapi/")) {
            String gvPath = route.substring("/openapi/v3".length());
            List<ApiResource> served = resources.stream().filter(r -> r.groupVersionPath().equals(gvPath)).toList();
            return Optional.of(served.isEmpty() ? status(404, "NotFound", "no such group and version: " + gvPath) : json(openApi(served)));
        }
        String[] segments = route.substring(1).split("/");
        if (segments[0].equals("api") && segments.length == 2 || segments[0].equals("apis") && segments.length == 3) {
            List<ApiResource> served = resources.stream().filter(r -> r.groupVersionPath().equals(route)).toList();
            return Optional.of(served.isEmpty() ? status(404, "NotFound", "the server could not find the requested resource")
                    : json(resourceList(served)));
        }
        if (segments[0].equals("apis") && segments.length == 2) {
            List<String> vs = resources.stream().filter(r -> r.group().equals(segments[1])).map(ApiResource::version).toList();
            return Optional.of(vs.isEmpty() ? status(404, "NotFound", "the server could not find the requested resource")
                    : json(group(segments[1], vs)));
        }
        return Optional.empty();
    }

    private static List<String> groupVersions(List<ApiResource> resources) {
        return resources.stream().filter(r -> !r.group().isEmpty()).map(ApiResource::groupVersion).distinct().toList();
    }

    private static ObjectNode group(String name, List<String> versions) {
        ObjectNode group = JSON.createObjectNode().put("kind", "APIGroup").put("apiVersion", "v1").put("name", name);
        ArrayNode vs = group.putArray("versions");
        versions.stream().distinct().forEach(v -> vs.addObject().put("groupVersion", name + "/" + v).put("version", v));
        group.putObject("preferredVersion").put("groupVersion", name + "/" + versions.get(0)).put("version", versions.get(0));
        return group;
    }

    private static ObjectNode resourceList(List<ApiResource> served) {
        ObjectNode list = JSON.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", served.get(0).groupVersion());
        ArrayNode items = list.putArray("resources");
        for (ApiResource r : served) {
            ObjectNode item = items.addObject().put("name", r.plural()).put("singularName", r.singular())
                    .put("namespaced", r.namespaced()).put("kind", r.kind());
            ArrayNode verbs = item.putArray("verbs");
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch").forEach(verbs::add);
            ArrayNode shortNames = item.putArray("shortNames");
            r.shortNames().forEach(shortNames::add);
            if (r.custom()) {
                items.addObject().put("name", r.plural() + "/status").put("singularName", "").put("namespaced", r.namespaced())
                        .put("kind", r.kind()).putArray("verbs").add("get").add("patch").add("update");
            }
        }
        return list;
    }

    /**
     * The least OpenAPI v3 document that tells kubectl each kind takes {@code fieldValidation}, so it
     * leaves validation to the server (which, being a stand-in, checks nothing) instead of failing to
     * download schemas.
     */
    private static ObjectNode openApi(List<ApiResource> served) {
        ObjectNode doc = JSON.createObjectNode().put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes stand-in").put("version", KUBERNETES_VERSION);
        ObjectNode paths = doc.putObject("paths");
        for (ApiResource r : served) {
            String path = r.groupVersionPath() + (r.namespaced() ? "/namespaces/{namespace}/" : "/") + r.plural() + "/{name}";
            ObjectNode patch = paths.putObject(path).putObject("patch");
            patch.putObject("x-kubernetes-group-version-kind").put("group", r.group()).put("version", r.version()).put("kind", r.kind());
            patch.putArray("parameters").addObject().put("name", "fieldValidation").put("in", "query")
                    .putObject("schema").put("type", "string");
            patch.putObject("responses");
        }
        doc.putObject("components").putObject("schemas");
        return doc;
    }

    /** The built-in kinds and every kind of a stored CRD; read again only after a CRD changed. */
    private List<ApiResource> resources() {
        List<ApiResource> known = served;
        if (known == null) {
            List<ApiResource> resources = new ArrayList<>(ApiResource.BUILT_IN);
            MockResponse crds = handleGet(CRDS);
            if (crds.code() == 200) {
                read(crds).path("items").forEach(crd -> resources.addAll(ApiResource.of(crd)));
            }
            known = List.copyOf(resources);
            served = known;
        }
        return known;
    }

    // ---- reads

    /** A stored object or list; field selectors the store cannot match are applied here. */
    private MockResponse get(String route, Map<String, String> query) {
        String selector = query.getOrDefault("fieldSelector", "");
        Map<String, String> stored = new LinkedHashMap<>(query);
        List<String[]> mine = new ArrayList<>();
        List<String> passed = new ArrayList<>();
        for (String requirement : selector.isEmpty() ? new String[0] : selector.split(",")) {
            String[] kv = requirement.split("!=|==|=", 2);
            String key = kv[0].trim();
            if (STORED_FIELDS.contains(key)) {
                passed.add(requirement);
            } else {
                mine.add(new String[] {key, kv.length > 1 ? kv[1] : "", requirement.contains("!=") ? "!=" : "="});
            }
        }
        if (passed.isEmpty()) {
            stored.remove("fieldSelector");
        } else {
            stored.put("fieldSelector", String.join(",", passed));
        }
        MockResponse response = handleGet(route + encode(stored));
        if (mine.isEmpty() || response.code() != 200) {
            return response;
        }
        JsonNode list = read(response);
        if (!list.has("items")) {
            return response;
        }
        ArrayNode items = (ArrayNode) list.get("items");
        for (Iterator<JsonNode> it = items.iterator(); it.hasNext(); ) {
            JsonNode item = it.next();
            for (String[] requirement : mine) {
                boolean equal = FieldPath.text(item, "." + requirement[0]).equals(requirement[1]);
                if (equal != requirement[2].equals("=")) {
                    it.remove();
                    break;
                }
            }
        }
        return json(list);
    }

    /**
     * A watch kubectl makes over plain HTTP (the mock only streams over WebSockets): the objects that
     * match now, as ADDED events, and those that matched at an earlier watch of the same selection and
     * are gone, as DELETED, a moment later; then the stream ends and kubectl watches again.
     */
    private MockResponse plainHttpWatch(ResourcePath target, String route, Map<String, String> query) {
        Map<String, String> listQuery = new LinkedHashMap<>();
        for (String kept : List.of("fieldSelector", "labelSelector")) {
            if (query.containsKey(kept)) {
                listQuery.put(kept, query.get(kept));
            }
        }
        MockResponse current = get(route, listQuery);
        List<JsonNode> objects = new ArrayList<>();
        if (current.code() == 200) {
            JsonNode found = read(current);
            (found.has("items") ? found.get("items") : JSON.createArrayNode().add(found)).forEach(objects::add);
        }
        StringBuilder events = new StringBuilder();
        for (JsonNode item : objects) {
            ObjectNode object = (ObjectNode) item;
            object.put("kind", target.resource().kind()).put("apiVersion", target.resource().groupVersion());
            events.append(event("ADDED", object));
        }
        watched.gone(route + encode(listQuery), objects).forEach(object -> events.append(event("DELETED", object)));
        if ("true".equals(query.get("sendInitialEvents"))) {
            ObjectNode bookmark = JSON.createObjectNode().put("kind", target.resource().kind())
                    .put("apiVersion", target.resource().groupVersion());
            bookmark.putObject("metadata").put("resourceVersion", String.valueOf(requestResourceVersion()))
                    .putObject("annotations").put("k8s.io/initial-events-end", "true");
            events.append(event("BOOKMARK", bookmark));
        }
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBodyDelay(WATCH_POLL).setBody(events.length() == 0 ? "\n" : events.toString());
    }

    private static String event(String type, JsonNode object) {
        ObjectNode event = JSON.createObjectNode().put("type", type);
        event.set("object", object);
        return event + "\n";
    }

    // ---- writes

    private static RecordedRequest asMergePatch(RecordedRequest request) {
        JsonNode patch = withoutDirectives(parse(request.getUtf8Body()));
        Headers headers = request.getHeaders().newBuilder().set("Content-Type", "application/merge-patch+json").build();
        return new RecordedRequest(request.getRequestLine(), request.method(), request.getPath(), headers,
                new Buffer(patch.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** A strategic merge patch less its directives ({@code $patch}, {@code $setElementOrder/...}, ...). */
    private static JsonNode withoutDirectives(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            object.properties().removeIf(e -> e.getKey().startsWith("$"));
            object.forEach(KubectlDispatcher::withoutDirectives);
        } else if (node.isArray()) {
            node.forEach(KubectlDispatcher::withoutDirectives);
        }
        return node;
    }

    // ---- helpers

    private static MockResponse json(JsonNode body) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(body.toString());
    }

    private static MockResponse status(int code, String reason, String message) {
        ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
                .put("message", message).put("reason", reason).put("code", code);
        status.putObject("metadata");
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(status.toString());
    }

    private static JsonNode read(MockResponse response) {
        return parse(new String(response.getBody().getBytes(), StandardCharsets.UTF_8));
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static String encode(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        query.forEach((k, v) -> out.append(out.length() == 0 ? '?' : '&')
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }
}
