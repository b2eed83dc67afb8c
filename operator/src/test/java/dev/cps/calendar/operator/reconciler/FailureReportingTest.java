package dev.cps.calendar.operator.reconciler;

import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.Phase;
import dev.cps.calendar.operator.status.Conditions;
import dev.cps.calendar.operator.testing.Calendars;
import dev.cps.calendar.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What cannot work is reported in the status and in Events; the operator neither crashes nor loops. */
class FailureReportingTest {

    private static OperatorHarness harness;

    @BeforeAll
    static void startOperator() {
        harness = OperatorHarness.start();
        harness.stopOperator();
        harness.resyncEvery(Duration.ofSeconds(3));
        harness.startOperator();
    }

    @AfterAll
    static void stopOperator() {
        harness.close();
    }

    @Test
    void aTimeZoneThatDoesNotExistStallsTheCalendarWithAMessageAndIsNotRetried() {
        CalendarInstance instance = Calendars.jackAndBonnie("zones", "atlantis");
        instance.getSpec().setTimezone("Atlantis/Lost_City");
        harness.create(instance);

        CalendarInstance stalled = await().atMost(Duration.ofSeconds(20)).until(() -> harness.get("zones", "atlantis"),
                i -> i.getStatus() != null && i.getStatus().getPhase() == Phase.Failed);
        Condition stalledCondition = Conditions.find(stalled.getStatus().getConditions(), Conditions.STALLED).orElseThrow();
        assertThat(stalledCondition.getStatus()).isEqualTo("True");
        assertThat(stalledCondition.getReason()).isEqualTo("InvalidSpec");
        assertThat(stalledCondition.getMessage()).contains("Atlantis/Lost_City").contains("IANA");
        assertThat(Conditions.isTrue(stalled.getStatus().getConditions(), Conditions.RECONCILING)).isFalse();
        try (Jedis admin = harness.admin()) {
            assertThat(admin.exists(InstanceKeys.of("atlantis").slugClaim())).isFalse();
        }

        harness.awaitOperatorQuiet(Duration.ofMillis(500));
        List<?> later = harness.awaitOperatorQuiet(Duration.ofSeconds(3));
        assertThat(later).as("requests after the resource stalled").isEmpty();

        harness.edit("zones", "atlantis", i -> i.getSpec().setTimezone("Australia/Sydney"));
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.get("zones", "atlantis").getStatus().getPhase() == Phase.Provisioning);
        assertThat(Conditions.isTrue(harness.get("zones", "atlantis").getStatus().getConditions(), Conditions.STALLED)).isFalse();
    }

    @Test
    void whileRedisIsDownTheStatusSaysSoAndTheCalendarRecoversWhenItIsBack() {
        harness.create(Calendars.jackAndBonnie("outage", "before"));
        await().atMost(Duration.ofSeconds(20)).until(() -> phase("outage", "before") == Phase.Provisioning);

        harness.redis().kill();
        try {
            harness.create(Calendars.jackAndBonnie("outage", "during"));
            CalendarInstance degraded = await().atMost(Duration.ofSeconds(20)).until(() -> harness.get("outage", "during"),
                    i -> i.getStatus() != null && i.getStatus().getPhase() == Phase.Degraded);
            Condition ready = Conditions.find(degraded.getStatus().getConditions(), Conditions.READY).orElseThrow();
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).isEqualTo("RedisUnavailable");
            assertThat(ready.getMessage()).contains("Redis at " + harness.redis().host() + ":" + harness.redis().port())
                    .contains("unavailable");
            assertThat(Conditions.isTrue(degraded.getStatus().getConditions(), Conditions.RECONCILING)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> events("outage", "during").stream()
                    .anyMatch(e -> e.getType().equals("Warning") && e.getReason().equals("RedisUnavailable")));
        } finally {
            harness.redis().restart(); // an empty Redis: the operator must seed everything again
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> phase("outage", "during") == Phase.Provisioning);
        try (Jedis admin = harness.admin()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.exists(InstanceKeys.of("during").config()));
        }
        try (Jedis admin = harness.admin()) {
            // nothing happened to "before" in Kubernetes: the periodic resync sets its user and config up again
            await().atMost(Duration.ofSeconds(15)).until(() -> admin.exists(InstanceKeys.of("before").config())
                    && admin.aclGetUser(dev.cps.calendar.operator.redis.InstanceRedisUsers.username("before")) != null);
        }
        CalendarInstance recovered = harness.get("outage", "during");
        assertThat(Conditions.find(recovered.getStatus().getConditions(), Conditions.READY).orElseThrow().getReason())
                .isEqualTo("Provisioning");
    }

    private static List<Event> events(String namespace, String name) {
        return harness.client().v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().equals(name)).toList();
    }

    private static Phase phase(String namespace, String name) {
        CalendarInstance instance = harness.get(namespace, name);
        return instance == null || instance.getStatus() == null ? null : instance.getStatus().getPhase();
    }
}
