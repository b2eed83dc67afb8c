package dev.cps.calendar.operator.dependentresource;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

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
        return new ServiceBuilder()
                .withMetadata(metadata(instance, name(plan.slug()), plan.slug()))
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(new TreeMap<>(ManagedLabels.selector(plan.slug())))
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
