package dev.cps.calendar.operator.metrics;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code calendar_instance_ready{resource_namespace, resource_name, slug, reason}}: 1 when the
 * CalendarInstance's {@code Ready} condition is True, else 0; {@code reason} is the condition's
 * reason ({@code SlugConflict}, {@code RedisUnavailable}, {@code PodsNotReady}...). Read from the
 * controller's informer cache at scrape time, so it says what {@code kubectl get cal} says, and
 * needs no bookkeeping when instances come and go. The alerts in the chart's PrometheusRule use it.
 *
 * <p>The labels are {@code resource_*}, as in JOSDK's own metrics: a scrape's {@code namespace}
 * label is the operator pod's.
 */
public final class InstanceReadinessMetrics implements Collector {

    public static final String NAME = "calendar_instance_ready";
    /** The reason before the operator wrote any status. */
    public static final String NO_STATUS = "NoStatus";

    private final Supplier<Stream<CalendarInstance>> instances;

    private InstanceReadinessMetrics(Supplier<Stream<CalendarInstance>> instances) {
        this.instances = instances;
    }

    public static InstanceReadinessMetrics register(PrometheusRegistry registry, Supplier<Stream<CalendarInstance>> instances) {
        InstanceReadinessMetrics metrics = new InstanceReadinessMetrics(instances);
        registry.register(metrics);
        return metrics;
    }

    @Override
    public String getPrometheusName() {
        return NAME;
    }

    @Override
    public MetricSnapshot collect() {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(NAME)
                .help("1 when the CalendarInstance is Ready, else 0; reason is its Ready condition's reason");
        instances.get().forEach(instance -> {
            Optional<Condition> ready = instance.getStatus() == null ? Optional.empty()
                    : Conditions.find(instance.getStatus().getConditions(), Conditions.READY);
            gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .labels(Labels.of(
                            "resource_namespace", instance.getMetadata().getNamespace(),
                            "resource_name", instance.getMetadata().getName(),
                            "slug", String.valueOf(instance.slug()),
                            "reason", ready.map(Condition::getReason).orElse(NO_STATUS)))
                    .value(ready.map(c -> Conditions.TRUE.equals(c.getStatus())).orElse(false) ? 1 : 0)
                    .build());
        });
        return gauge.build();
    }
}
