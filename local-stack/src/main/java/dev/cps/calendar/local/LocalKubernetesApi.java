package dev.cps.calendar.local;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;

/**
 * A development stand-in for a Kubernetes API server: fabric8's mock server in CRUD mode, in this
 * process, with the CalendarInstance CRD and the Gateway API's HTTPRoute kind registered. It stores and watches objects like a cluster;
 * it validates nothing, runs no controllers and collects no garbage (the stack's {@link OwnerGarbageCollector}
 * does that for CalendarInstances). Not a cluster.
 */
final class LocalKubernetesApi implements KubernetesApi {

    static final String CRD_RESOURCE = "/META-INF/fabric8/calendarinstances.calendar.cps.dev-v1.yml";
    /**
     * The mock server logs every request at INFO through java.util.logging. Held in a field: JUL
     * keeps loggers weakly, and a collected logger forgets its level.
     */
    private static final java.util.logging.Logger REQUEST_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        REQUEST_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private LocalKubernetesApi(KubernetesMockServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
    }

    static LocalKubernetesApi start() {
        var server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        KubernetesClient client = server.createClient();
        client.apiextensions().v1().customResourceDefinitions().resource(crd(client)).create();
        client.apiextensions().v1().customResourceDefinitions().resource(dev.cps.calendar.testing.kube.StandInHttpRouteCrd.definition()).create();
        return new LocalKubernetesApi(server, client);
    }

    private static CustomResourceDefinition crd(KubernetesClient client) {
        // the CRD the build generated from the Java model, the same file as crds/
        try (InputStream in = LocalKubernetesApi.class.getResourceAsStream(CRD_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CRD_RESOURCE + " is not on the classpath");
            }
            return client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    private String url() {
        return client.getMasterUrl().toString();
    }

    @Override
    public String describe() {
        return "a DEVELOPMENT STAND-IN (fabric8 mock server, CRUD mode) at " + url()
                + ": it stores and watches objects but validates nothing and runs no controllers. Not a cluster "
                + "(--api real runs a real kube-apiserver).";
    }

    @Override
    public boolean needsGarbageCollector() {
        return true;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
