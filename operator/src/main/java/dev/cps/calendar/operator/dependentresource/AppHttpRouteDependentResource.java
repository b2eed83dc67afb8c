package dev.cps.calendar.operator.dependentresource;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.route.GatewayApi;
import dev.cps.calendar.operator.route.InstanceRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

import java.util.List;

/**
 * {@code <slug>}: a Gateway API HTTPRoute from the calendar's host to its Service (or its pool's), attached to the
 * configured Gateway. Written in full, with every field the API server would default (parent
 * group and kind, backend group, kind and weight, path match), so what the operator wants is what
 * it reads back and the backends can never be defaulted away. The event stream's rule has its
 * request timeout switched off ({@code 0s}): Gateways (Envoy's default is 15 s) would otherwise
 * cut every browser's live updates. TLS is the Gateway listener's job.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ManagedLabels.SELECTOR))
public class AppHttpRouteDependentResource extends CalendarChildResource<HTTPRoute> {

    public static final String EVENTS_PATH = "/api/events";
    /** Gateway API's "no timeout". */
    public static final String NO_TIMEOUT = "0s";

    public AppHttpRouteDependentResource() {
        super(HTTPRoute.class);
    }

    public static String name(String slug) {
        return slug;
    }

    @Override
    public HTTPRoute desired(CalendarInstance instance, InstancePlan plan) {
        String slug = plan.slug();
        InstanceRoute.ParentGateway gateway = InstanceRoute.of(instance, plan.settings().routes()).gateway()
                .orElseThrow(() -> new IllegalStateException("an HTTPRoute needs a Gateway; HTTPRoutes are off"));
        return new HTTPRouteBuilder()
                .withMetadata(metadata(instance, name(slug), slug))
                .withNewSpec()
                    .withParentRefs(new ParentReferenceBuilder()
                            .withGroup(GatewayApi.GROUP)
                            .withKind("Gateway")
                            .withName(gateway.name())
                            .withNamespace(gateway.namespace())
                            .withSectionName(gateway.sectionName().orElse(null))
                            .build())
                    .withHostnames(plan.host())
                    .withRules(eventStreamRule(plan.serving().backendService()), pageAndApiRule(plan.serving().backendService()))
                .endSpec()
                .build();
    }

    private static HTTPRouteRule eventStreamRule(String backend) {
        return new HTTPRouteRuleBuilder()
                .addNewMatch().withNewPath().withType("PathPrefix").withValue(EVENTS_PATH).endPath().endMatch()
                .withNewTimeouts().withRequest(NO_TIMEOUT).endTimeouts()
                .withBackendRefs(service(backend))
                .build();
    }

    private static HTTPRouteRule pageAndApiRule(String backend) {
        return new HTTPRouteRuleBuilder()
                .addNewMatch().withNewPath().withType("PathPrefix").withValue("/").endPath().endMatch()
                .withBackendRefs(service(backend))
                .build();
    }

    private static HTTPBackendRef service(String backend) {
        return new HTTPBackendRefBuilder()
                .withGroup("")
                .withKind("Service")
                .withName(backend)
                .withPort(AppServiceDependentResource.PORT)
                .withWeight(1)
                .build();
    }

    @Override
    protected String nameFor(String slug) {
        return name(slug);
    }
}
