package dev.cps.calendar.operator.reconciler;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Kubernetes Events on a CalendarInstance ({@code kubectl describe cal}): what the operator did
 * and what failed. Emitted only when something happened, so a steady state emits nothing.
 * Best effort: an Event that cannot be written is logged, never fails a reconcile.
 */
public final class InstanceEvents {

    public static final String COMPONENT = "calendar-operator";
    private static final Logger log = LoggerFactory.getLogger(InstanceEvents.class);

    private final KubernetesClient client;
    private final Clock clock;
    private final String reportingInstance;

    public InstanceEvents(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
        String host = System.getenv("HOSTNAME");
        this.reportingInstance = host == null || host.isBlank() ? COMPONENT : host;
    }

    public void normal(CalendarInstance instance, String reason, String message) {
        emit(instance, "Normal", reason, message);
    }

    public void warning(CalendarInstance instance, String reason, String message) {
        emit(instance, "Warning", reason, message);
    }

    private void emit(CalendarInstance instance, String type, String reason, String message) {
        var metadata = instance.getMetadata();
        String now = clock.instant().toString();
        Event event = new EventBuilder()
                .withNewMetadata()
                    .withName(metadata.getName() + "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()))
                    .withNamespace(metadata.getNamespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(instance.getApiVersion())
                        .withKind(instance.getKind())
                        .withNamespace(metadata.getNamespace())
                        .withName(metadata.getName())
                        .withUid(metadata.getUid())
                        .build())
                .withType(type)
                .withReason(reason)
                .withMessage(message.length() > 1000 ? message.substring(0, 1000) + "..." : message)
                .withCount(1)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .withReportingInstance(reportingInstance)
                .build();
        try {
            client.v1().events().inNamespace(metadata.getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            log.warn("could not record event {} on {}/{}: {}", reason, metadata.getNamespace(), metadata.getName(), e.getMessage());
        }
    }
}
