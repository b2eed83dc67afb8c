package dev.cps.calendar.local;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The Kubernetes API the local stack runs on: fabric8's mock server ({@code --api mock}, the
 * default: the test kit's stand-in, starts in a second, validates nothing) or a real control plane built from the
 * Kubernetes sources ({@code --api real}: kube-apiserver, etcd, kube-controller-manager).
 */
interface KubernetesApi extends AutoCloseable {

    KubernetesClient client();

    /** Said in the log at start: what this API server is and how to reach it with kubectl. */
    String describe();

    /** A kubeconfig for kubectl against this API server. */
    java.nio.file.Path kubeconfig();

    @Override
    void close();

    static KubernetesApi start(String kind) {
        return switch (kind) {
            case "mock" -> LocalKubernetesApi.start();
            case "real" -> RealKubernetesApi.start();
            default -> throw new IllegalArgumentException("--api is mock or real, not " + kind);
        };
    }
}
