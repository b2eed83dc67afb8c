package dev.cps.calendar.local;

import dev.cps.calendar.testing.standin.StandInCluster;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The test kit's development stand-in for a Kubernetes API server (fabric8's mock server in CRUD
 * mode, with the CalendarInstance CRD and the Gateway API's HTTPRoute kind), collecting the children
 * of deleted CalendarInstances as a cluster's garbage collector would. It validates nothing and runs
 * no other controllers. Not a cluster; kubectl works against it.
 */
final class LocalKubernetesApi implements KubernetesApi {

    private final StandInCluster cluster;
    private final Path kubeconfig;

    private LocalKubernetesApi(StandInCluster cluster, Path kubeconfig) {
        this.cluster = cluster;
        this.kubeconfig = kubeconfig;
    }

    static LocalKubernetesApi start() {
        StandInCluster cluster = StandInCluster.start(true);
        try {
            cluster.collectGarbageContinuously();
            Path kubeconfig = cluster.kubeconfig(Files.createTempDirectory("calendar-local-kube").resolve("kubeconfig"));
            return new LocalKubernetesApi(cluster, kubeconfig);
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    @Override
    public KubernetesClient client() {
        return cluster.client();
    }

    @Override
    public Path kubeconfig() {
        return kubeconfig;
    }

    @Override
    public String describe() {
        return "a DEVELOPMENT STAND-IN (fabric8 mock server, CRUD mode) at " + cluster.url()
                + ": it stores and watches objects but validates nothing and runs no controllers but a garbage collector. "
                + "Not a cluster (--api real runs a real kube-apiserver). Try: KUBECONFIG=" + kubeconfig + " kubectl get cal -A";
    }

    @Override
    public void close() {
        cluster.close();
        try {
            Files.deleteIfExists(kubeconfig);
            Files.deleteIfExists(kubeconfig.getParent());
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }
}
