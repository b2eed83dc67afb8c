package dev.cps.calendar.operator.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The Gateway API's HTTPRoute CRD, as far as the mock API server needs it to serve the kind (it
 * validates nothing). A test on a real API server applies the upstream standard-channel CRDs instead;
 * the operator notices either the same way, through discovery.
 */
public final class GatewayApiCrds {

    private GatewayApiCrds() {
    }

    public static CustomResourceDefinition httpRoute() {
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
        client.apiextensions().v1().customResourceDefinitions().resource(httpRoute()).create();
    }
}
