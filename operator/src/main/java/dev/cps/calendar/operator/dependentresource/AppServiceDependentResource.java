package dev.cps.calendar.operator.dependentresource;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

import java.util.Map;
import java.util.TreeMap;

/** {@code <slug>}: port 80 in front of the app's port named {@code http} (8080). */
@KubernetesDependent(informer = @Informer(labelSelector = ManagedLabels.SELECTOR))
public class AppServiceDependentResource extends CalendarChildResource<Service> {

    public static final int PORT = 80;

    public AppServiceDependentResource() {
        super(Service.class);
    }

    public static String name(String slug) {
        return slug;
    }

    @Override
    public Service desired(CalendarInstance instance, InstancePlan plan) {
        return appService(metadata(instance, name(plan.slug()), plan.slug()), ManagedLabels.selector(plan.slug()));
    }

    /** Port {@link #PORT} to the {@code http} port of the calendar app pods {@code selector} picks: a calendar's, or a pool's. */
    public static Service appService(ObjectMeta metadata, Map<String, String> selector) {
        return new ServiceBuilder()
                .withMetadata(metadata)
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(new TreeMap<>(selector))
                    .addNewPort()
                        .withName(CalendarAppPod.HTTP)
                        .withProtocol("TCP")
                        .withPort(PORT)
                        .withTargetPort(new IntOrString(CalendarAppPod.HTTP))
                    .endPort()
                .endSpec()
                .build();
    }

    @Override
    protected String nameFor(String slug) {
        return name(slug);
    }
}
