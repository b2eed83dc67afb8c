package dev.cps.calendar.local;

import dev.cps.calendar.testing.kube.KubeControlPlane;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/**
 * A real Kubernetes control plane for the local stack (the test kit's: kube-apiserver, etcd and
 * kube-controller-manager with the garbage collector, built once by testkit/kube/build.sh), with the
 * CalendarInstance CRD and the Gateway API's standard CRDs installed. There are no nodes: the stack's DeploymentRunner plays the kubelet.
 */
final class RealKubernetesApi implements KubernetesApi {

    private final KubeControlPlane cluster;

    private RealKubernetesApi(KubeControlPlane cluster) {
        this.cluster = cluster;
    }

    static RealKubernetesApi start() {
        try {
            // the CRDs before the garbage collector starts, and the upstream Gateway API ones, so
            // HTTPRoute calendars work here as on the stand-in
            return new RealKubernetesApi(KubeControlPlane.start(Files.createTempDirectory("calendar-local-kube"), true,
                    List.of(dev.cps.calendar.testing.kube.CalendarCrd.RESOURCE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public KubernetesClient client() {
        return cluster.admin();
    }

    private String url() {
        return cluster.masterUrl();
    }

    @Override
    public String describe() {
        return "a real kube-apiserver " + cluster.kubernetesVersion() + " with etcd and kube-controller-manager at " + url()
                + " (no nodes: the stack runs the apps). Try: KUBECONFIG=" + cluster.kubeconfig() + " kubectl get cal -A";
    }

    @Override
    public java.nio.file.Path kubeconfig() {
        return cluster.kubeconfig();
    }

    @Override
    public void close() {
        cluster.close();
    }
}
