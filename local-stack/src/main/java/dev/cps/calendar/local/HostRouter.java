package dev.cps.calendar.local;

import dev.cps.calendar.operator.dependentresource.ManagedLabels;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The one HTTP entry point, doing what the Ingress controller and a Gateway do: the Host header
 * picks the Ingress rule or the HTTPRoute, its backend picks the Service, the Service's selector picks the Deployment,
 * and the request (event streams included) is proxied to one of its running apps.
 * {@code http://<slug>.localhost:<port>/} works in Chromium and curl: {@code *.localhost} is loopback.
 */
final class HostRouter implements AutoCloseable {

    private static final String TARGET_PORT = HostRouter.class.getName() + ".port";
    private static final String SLUG_LABEL = ManagedLabels.INSTANCE;

    private final KubernetesClient client;
    private final DeploymentRunner runner;
    private final Server server;
    private SharedIndexInformer<Ingress> ingresses;
    private SharedIndexInformer<HTTPRoute> httpRoutes;

    HostRouter(KubernetesClient client, DeploymentRunner runner, int port) {
        this.client = client;
        this.runner = runner;
        this.server = new Server(new InetSocketAddress("127.0.0.1", port));
    }

    void start() throws Exception {
        ingresses = client.network().v1().ingresses().inAnyNamespace().inform();
        httpRoutes = client.resources(HTTPRoute.class).inAnyNamespace().inform();
        var proxy = new ProxyHandler.Reverse(request -> {
            int target = (int) request.getAttribute(TARGET_PORT);
            return HttpURI.build(request.getHttpURI()).scheme("http").host("127.0.0.1").port(target);
        });
        server.setHandler(new Handler.Wrapper(proxy) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String host = hostOf(request);
                Optional<Backend> backend = route(host);
                if (backend.isEmpty()) {
                    String text = "No running calendar at " + host + ".\n"
                            + "Known hosts: " + String.join(", ", knownHosts().keySet()) + "\n";
                    response.setStatus(knownHosts().containsKey(host) ? HttpStatus.SERVICE_UNAVAILABLE_503 : HttpStatus.NOT_FOUND_404);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                    response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
                    return true;
                }
                request.setAttribute(TARGET_PORT, backend.get().port());
                String ruleHost = backend.get().ruleHost();
                // a pool tells its calendars apart by Host: it is given the host of the rule, not the alias
                boolean alias = !ruleHost.equals(host);
                return super.handle(backend.get().pool() && alias ? new RuleHostRequest(request, host, ruleHost) : request,
                        response, callback);
            }
        });
        server.start();
    }


    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /**
     * Host name (no port) → the Ingress or HTTPRoute backend that serves it, as "namespace/service".
     * Besides the route's own host (which may be a real domain no browser here resolves), every
     * calendar also answers at {@code <slug>.localhost}.
     */
    Map<String, String> knownHosts() {
        var hosts = new TreeMap<String, String>();
        hosts().forEach((host, route) -> hosts.put(host, route.backend()));
        return hosts;
    }

    /** Where a host leads: the backend Service ("namespace/service") and the host of its rule (the alias's own host for none). */
    private record HostRoute(String backend, String ruleHost) {
    }

    /** The Deployment's app port, whether it runs a pool of Shared calendars, and the host of the rule that led there. */
    private record Backend(int port, boolean pool, String ruleHost) {
    }

    private Map<String, HostRoute> hosts() {
        var hosts = new TreeMap<String, HostRoute>();
        for (HTTPRoute route : httpRoutes.getStore().list()) {
            if (route.getSpec() == null || route.getSpec().getHostnames() == null || route.getSpec().getRules() == null) {
                continue;
            }
            Optional<String> service = route.getSpec().getRules().stream()
                    .map(HTTPRouteRule::getBackendRefs).filter(Objects::nonNull).flatMap(java.util.List::stream)
                    .map(HTTPBackendRef::getName).filter(Objects::nonNull).findFirst();
            if (service.isEmpty() || route.getSpec().getHostnames().isEmpty()) {
                continue;
            }
            String backend = route.getMetadata().getNamespace() + "/" + service.get();
            route.getSpec().getHostnames().forEach(host -> hosts.put(host.toLowerCase(Locale.ROOT),
                    new HostRoute(backend, host.toLowerCase(Locale.ROOT))));
            String slug = route.getMetadata().getLabels() == null ? null : route.getMetadata().getLabels().get(SLUG_LABEL);
            if (slug != null) {
                hosts.put(slug + ".localhost", new HostRoute(backend, route.getSpec().getHostnames().get(0).toLowerCase(Locale.ROOT)));
            }
        }
        for (Ingress ingress : ingresses.getStore().list()) {
            for (IngressRule rule : ingress.getSpec().getRules()) {
                if (rule.getHost() == null || rule.getHttp() == null || rule.getHttp().getPaths().isEmpty()) {
                    continue;
                }
                String backend = ingress.getMetadata().getNamespace() + "/"
                        + rule.getHttp().getPaths().get(0).getBackend().getService().getName();
                String ruleHost = rule.getHost().toLowerCase(Locale.ROOT);
                hosts.put(ruleHost, new HostRoute(backend, ruleHost));
                String slug = ingress.getMetadata().getLabels() == null ? null : ingress.getMetadata().getLabels().get(SLUG_LABEL);
                if (slug != null) {
                    hosts.put(slug + ".localhost", new HostRoute(backend, ruleHost));
                }
            }
        }
        return hosts;
    }

    /** {@code Dedicated}, or {@code Shared (<pool Service>)} when the calendar's alias leads to a pool's Deployment. */
    String placementOf(String slug) {
        HostRoute route = hosts().get(slug + ".localhost");
        if (route == null) {
            return "";
        }
        String namespace = route.backend().substring(0, route.backend().indexOf('/'));
        return deploymentsBehind(route.backend()).anyMatch(d -> runner.runsPool(namespace, d.getMetadata().getName()))
                ? "Shared (" + route.backend().substring(namespace.length() + 1) + ")" : "Dedicated";
    }

    private Optional<Backend> route(String host) {
        HostRoute route = hosts().get(host);
        if (route == null) {
            return Optional.empty();
        }
        String namespace = route.backend().substring(0, route.backend().indexOf('/'));
        return deploymentsBehind(route.backend())
                .flatMap(d -> runner.portOf(namespace, d.getMetadata().getName())
                        .map(port -> new Backend(port, runner.runsPool(namespace, d.getMetadata().getName()), route.ruleHost())).stream())
                .findFirst();
    }

    /** The Deployments the Service "namespace/service" selects. */
    private java.util.stream.Stream<Deployment> deploymentsBehind(String backend) {
        String namespace = backend.substring(0, backend.indexOf('/'));
        Service service = client.services().inNamespace(namespace).withName(backend.substring(backend.indexOf('/') + 1)).get();
        if (service == null || service.getSpec().getSelector() == null) {
            return java.util.stream.Stream.empty();
        }
        Map<String, String> selector = service.getSpec().getSelector();
        return client.apps().deployments().inNamespace(namespace).list().getItems().stream().filter(d -> matches(selector, d));
    }

    private static boolean matches(Map<String, String> selector, Deployment deployment) {
        Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        return labels != null && selector.entrySet().stream()
                .allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
    }

    private static String hostOf(Request request) {
        String host = request.getHttpURI().getHost();
        return host == null ? "" : host.toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() throws Exception {
        server.stop();
        if (ingresses != null) {
            ingresses.close();
        }
        if (httpRoutes != null) {
            httpRoutes.close();
        }
    }
}
