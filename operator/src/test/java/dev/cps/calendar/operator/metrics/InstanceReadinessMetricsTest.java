package dev.cps.calendar.operator.metrics;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.CalendarInstanceStatus;
import dev.cps.calendar.operator.testing.Calendars;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceReadinessMetricsTest {

    @Test
    void everyCalendarInstanceIsOneSeriesWithItsReadyReason() {
        List<CalendarInstance> cache = new CopyOnWriteArrayList<>(List.of(
                withReady(Calendars.jackAndBonnie("team-a", "eclipse"), "True", "Available"),
                withReady(Calendars.jackAndBonnie("team-b", "harbour"), "False", "SlugConflict"),
                Calendars.jackAndBonnie("team-c", "fresh")));
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        InstanceReadinessMetrics.register(registry.getPrometheusRegistry(), cache::stream);

        String scrape = registry.scrape();

        assertThat(scrape).contains("# TYPE calendar_instance_ready gauge")
                .contains("calendar_instance_ready{reason=\"Available\",resource_name=\"eclipse\",resource_namespace=\"team-a\",slug=\"eclipse\"} 1.0")
                .contains("calendar_instance_ready{reason=\"SlugConflict\",resource_name=\"harbour\",resource_namespace=\"team-b\",slug=\"harbour\"} 0.0")
                .contains("calendar_instance_ready{reason=\"NoStatus\",resource_name=\"fresh\",resource_namespace=\"team-c\",slug=\"fresh\"} 0.0");

        cache.remove(0);
        assertThat(registry.scrape()).as("read at scrape time: a deleted instance has no series")
                .doesNotContain("resource_name=\"eclipse\"");
    }

    private static CalendarInstance withReady(CalendarInstance instance, String status, String reason) {
        var s = new CalendarInstanceStatus();
        s.setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus(status).withReason(reason).build()));
        instance.setStatus(s);
        return instance;
    }
}
