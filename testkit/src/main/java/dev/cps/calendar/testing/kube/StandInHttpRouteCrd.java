package dev.cps.calendar.testing.kube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The Gateway API's HTTPRoute CRD, as far as fabric8's mock API server needs it to serve the kind
 * (it validates nothing, so the upstream schema is left out): for the operator's mock tests and the
 * local stack's stand-in. On a real API server, {@link KubeControlPlane#installGatewayApi()} applies
 * the upstream standard-channel CRDs; the operator notices either the same way, through discovery.
 */
public final class StandInHttpRouteCrd {

    private StandInHttpRouteCrd() {
    }

    public static CustomResourceDefinition definition() {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("httproutes.gateway.networking.k8s.io").endMetadata()
                .withNewSpec()
                    .withGroup("gateway.networking.k8s.io")
                    .withScope("Namespaced")
                    .withNewNames().withKind("HTTPRoute").withListKind("HTTPRouteList").withPlural("httproutes")
                        .withSingular("httproute").endNames()
                    .addNewVersion().withName("v1").withServed(true).withStorage(true)
                        .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                        .endOpenAPIV3Schema().endSchema()
                        .withNewSubresources().withNewStatus().endStatus().endSubresources()
                    .endVersion()
                .endSpec()
                .build();
    }

    public static void install(KubernetesClient client) {
        client.apiextensions().v1().customResourceDefinitions().resource(definition()).create();
    }
}
