package dev.cps.calendar.local;

import dev.cps.calendar.testing.kube.KubeControlPlane;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;

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
            KubeControlPlane cluster = KubeControlPlane.start(Files.createTempDirectory("calendar-local-kube"));
            try (InputStream in = RealKubernetesApi.class.getResourceAsStream(LocalKubernetesApi.CRD_RESOURCE)) {
                var crd = cluster.admin().getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
                cluster.admin().resource(crd).forceConflicts().serverSideApply();
            }
            cluster.admin().apiextensions().v1().customResourceDefinitions().withName(
                    "calendarinstances.calendar.cps.dev").waitUntilCondition(crd -> crd.getStatus() != null
                    && crd.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Established")
                    && c.getStatus().equals("True")), Duration.ofSeconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            // the upstream Gateway API CRDs, so HTTPRoute calendars work here as on the stand-in
            cluster.installGatewayApi();
            return new RealKubernetesApi(cluster);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public KubernetesClient client() {
        return cluster.admin();
    }

    @Override
    public String url() {
        return cluster.masterUrl();
    }

    @Override
    public String describe() {
        return "a real kube-apiserver " + cluster.kubernetesVersion() + " with etcd and kube-controller-manager at " + url()
                + " (no nodes: the stack runs the apps). Try: KUBECONFIG=" + cluster.kubeconfig() + " kubectl get cal -A";
    }

    @Override
    public boolean needsGarbageCollector() {
        return false;
    }

    @Override
    public void close() {
        cluster.close();
    }
}
