package dev.cps.calendar.operator.dependentresource;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.settings.OperatorSettings;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code <slug>}: the instance's host, routed to its Service (or its pool's, {@link InstancePlan.Serving}). Long read/send timeouts and no
 * response buffering, so the live updates (Server-Sent Events) stay open through the ingress.
 * With a TLS issuer configured, cert-manager issues {@code <slug>-tls} for the host.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ManagedLabels.SELECTOR))
public class AppIngressDependentResource extends CalendarChildResource<Ingress> {

    public static final String CLUSTER_ISSUER_ANNOTATION = "cert-manager.io/cluster-issuer";
    public static final Map<String, String> EVENT_STREAM_ANNOTATIONS = Map.of(
            "nginx.ingress.kubernetes.io/proxy-read-timeout", "3600",
            "nginx.ingress.kubernetes.io/proxy-send-timeout", "3600",
            "nginx.ingress.kubernetes.io/proxy-buffering", "off");

    public AppIngressDependentResource() {
        super(Ingress.class);
    }

    public static String name(String slug) {
        return slug;
    }

    public static String tlsSecretName(String slug) {
        return slug + "-tls";
    }

    @Override
    public Ingress desired(CalendarInstance instance, InstancePlan plan) {
        OperatorSettings settings = plan.settings();
        String slug = plan.slug();
        var metadata = metadata(instance, name(slug), slug);
        Map<String, String> annotations = new TreeMap<>(EVENT_STREAM_ANNOTATIONS);
        settings.tlsIssuer().ifPresent(issuer -> annotations.put(CLUSTER_ISSUER_ANNOTATION, issuer));
        metadata.setAnnotations(annotations);
        return new IngressBuilder()
                .withMetadata(metadata)
                .withNewSpec()
                    .withIngressClassName(settings.ingressClass().orElse(null))
                    // null, not empty, without TLS: the API server drops empty lists, and an empty one would never match
                    .withTls(settings.tls()
                            ? List.of(new IngressTLSBuilder().withHosts(plan.host()).withSecretName(tlsSecretName(slug)).build())
                            : null)
                    .addNewRule()
                        .withHost(plan.host())
                        .withNewHttp()
                            .addNewPath()
                                .withPath("/")
                                .withPathType("Prefix")
                                .withNewBackend().withNewService()
                                    .withName(plan.serving().backendService())
                                    .withNewPort().withNumber(AppServiceDependentResource.PORT).endPort()
                                .endService().endBackend()
                            .endPath()
                        .endHttp()
                    .endRule()
                .endSpec()
                .build();
    }

    @Override
    protected String nameFor(String slug) {
        return name(slug);
    }
}
