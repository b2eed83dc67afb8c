package dev.cps.calendar.testing.standin;

import java.util.List;
import java.util.Optional;

/** What a request path names: a kind, and perhaps a namespace and one object ({@code .../<plural>/<name>}). */
record ResourcePath(ApiResource resource, String namespace, String name) {

    /** Empty for paths that are not a collection or an object of a served kind (subresources included). */
    static Optional<ResourcePath> parse(String route, List<ApiResource> resources) {
        for (ApiResource r : resources) {
            String prefix = r.groupVersionPath() + "/";
            if (!route.startsWith(prefix)) {
                continue;
            }
            String[] rest = route.substring(prefix.length()).split("/");
            String namespace = null;
            int at = 0;
            if (r.namespaced() && rest.length >= 3 && rest[0].equals("namespaces")) {
                namespace = rest[1];
                at = 2;
            }
            if (rest.length <= at || !rest[at].equals(r.plural())) {
                continue;
            }
            if (rest.length == at + 1) {
                return Optional.of(new ResourcePath(r, namespace, null));
            }
            if (rest.length == at + 2) {
                return Optional.of(new ResourcePath(r, namespace, rest[at + 1]));
            }
        }
        return Optional.empty();
    }
}
