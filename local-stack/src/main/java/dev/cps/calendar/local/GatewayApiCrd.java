package dev.cps.calendar.local;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;

/**
 * The Gateway API's HTTPRoute kind, registered in the stand-in API server so the stack serves it
 * like a cluster with the Gateway API installed (it validates nothing, so the upstream schema is
 * left out). The operator finds it through discovery; the {@link HostRouter} follows the routes.
 */
final class GatewayApiCrd {

    /** The Gateway the local operator attaches HTTPRoutes to: the stack's Host router plays it. */
    static final String LOCAL_GATEWAY = "local";

    private GatewayApiCrd() {
    }

    static CustomResourceDefinition httpRoute() {
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
}
