package dev.cps.calendar.testing.standin;

import dev.cps.calendar.testing.kube.CalendarCrd;
import dev.cps.calendar.testing.kube.StandInHttpRouteCrd;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one stand-in Kubernetes API of the tests, the local stack and the benchmarks: fabric8's mock
 * server in CRUD mode on loopback, with the CalendarInstance CRD the operator's build generates (when
 * it is on the classpath) and, on request, the Gateway API's HTTPRoute kind. It stores and watches
 * objects, answers discovery and server-side tables so kubectl works against it
 * ({@link #kubeconfig(Path)}), and collects the children of deleted owners ({@link #collectGarbage()},
 * or at once with {@link #collectGarbageContinuously()}). It validates nothing, counts no generations
 * and runs no controllers: not a cluster (testkit's KubeControlPlane is one).
 *
 * <pre>{@code
 * try (StandInCluster cluster = StandInCluster.start(false)) {
 *     KubernetesClient client = cluster.client();
 * }
 * }</pre>
 */
public final class StandInCluster implements AutoCloseable {

    /**
     * The mock server logs every request at INFO through java.util.logging. Held in a field: JUL
     * keeps loggers weakly, and a collected logger forgets its level.
     */
    private static final java.util.logging.Logger REQUEST_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        REQUEST_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    /** The user agent of {@link #client()}: its requests are left out of {@link #drainRequests()}. */
    public static final String ADMIN_USER_AGENT = "stand-in-admin";

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final OwnerGarbageCollector garbageCollector;

    private StandInCluster(KubernetesMockServer server) {
        this.server = server;
        this.client = newClient(ADMIN_USER_AGENT);
        this.garbageCollector = new OwnerGarbageCollector(client);
    }

    /** @param withGatewayApi also serve HTTPRoutes, as a cluster with the Gateway API's CRDs does */
    public static StandInCluster start(boolean withGatewayApi) {
        var server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubectlDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        StandInCluster cluster = new StandInCluster(server);
        try {
            if (CalendarCrd.present()) {
                cluster.install(CalendarCrd.definition());
            }
            if (withGatewayApi) {
                cluster.install(StandInHttpRouteCrd.definition());
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public void install(CustomResourceDefinition crd) {
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }

    /** The admin's client (namespace {@code default}). */
    public KubernetesClient client() {
        return client;
    }

    /** A client of its own, as a new pod would have; {@code userAgent} null: fabric8's. */
    public KubernetesClient newClient(String userAgent) {
        // HTTP/1.1 only: the JDK client's h2c upgrade can be misread by the mock server ("Frame type(99) ... exceeds MAX_FRAME_SIZE")
        ConfigBuilder config = new ConfigBuilder(Config.empty()).withMasterUrl(url()).withNamespace("default")
                .withHttp2Disable(true).withRequestTimeout(30_000);
        if (userAgent != null) {
            config.withUserAgent(userAgent);
        }
        return new KubernetesClientBuilder().withConfig(config.build()).build();
    }

    /** {@code http://127.0.0.1:<port>/}. */
    public String url() {
        return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getPort() + "/";
    }

    /** Every request made since the last call by a client other than {@link #client()} (an operator's, say). */
    public List<RecordedRequest> drainRequests() {
        List<RecordedRequest> requests = new ArrayList<>();
        try {
            RecordedRequest request;
            while ((request = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
                if (!ADMIN_USER_AGENT.equals(request.getHeader("User-Agent"))) {
                    requests.add(request);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return requests;
    }

    /** Waits (at most 30 s) until no other client made a request for {@code quiet}; returns what they made until then. */
    public List<RecordedRequest> awaitQuiet(Duration quiet) {
        List<RecordedRequest> all = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            List<RecordedRequest> more = drainRequests();
            if (!more.isEmpty()) {
                all.addAll(more);
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= quiet.toNanos()) {
                return all;
            }
        }
        throw new AssertionError("the other clients kept making requests: " + all.size());
    }

    /** The requests that change something (all but GETs). */
    public static List<RecordedRequest> writes(List<RecordedRequest> requests) {
        return requests.stream().filter(r -> !r.getMethod().equals("GET")).toList();
    }

    /** Deletes now every child (Secret, Service, Deployment, Ingress, HTTPRoute) whose owners are gone; returns how many. */
    public int collectGarbage() {
        return garbageCollector.collect();
    }

    /** From now on, collects the children of a CalendarInstance as soon as it is deleted, as a cluster does. */
    public void collectGarbageContinuously() {
        var crd = CalendarCrd.definition().getSpec();
        garbageCollector.watchOwners(crd.getGroup() + "/" + crd.getVersions().get(0).getName(), crd.getNames().getKind());
    }

    /**
     * Writes a kubeconfig for kubectl (no credentials: the stand-in has no authentication, and listens
     * on loopback only) and returns it; {@code KUBECONFIG=<it> kubectl get cal -A} then works.
     */
    public Path kubeconfig(Path file) {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: stand-in
                  cluster:
                    server: %s
                contexts:
                - name: stand-in
                  context:
                    cluster: stand-in
                    user: stand-in
                    namespace: default
                users:
                - name: stand-in
                  user: {}
                current-context: stand-in
                """.formatted(url().replaceAll("/$", ""));
        try {
            Files.writeString(file, yaml);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        garbageCollector.close();
        client.close();
        server.destroy();
    }
}
