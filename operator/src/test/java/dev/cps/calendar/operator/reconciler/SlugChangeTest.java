package dev.cps.calendar.operator.reconciler;

import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.Phase;
import dev.cps.calendar.operator.redis.InstanceRedisUsers;
import dev.cps.calendar.operator.status.Conditions;
import dev.cps.calendar.operator.testing.Calendars;
import dev.cps.calendar.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A changed spec.slug that gets past the API server (its CEL transition rule refuses it; the mock
 * does not) is reported and changes nothing: the slug in the status is the calendar's identity,
 * and deleting the calendar removes that slug's data.
 */
class SlugChangeTest {

    private static OperatorHarness harness;

    @BeforeAll
    static void startOperator() {
        harness = OperatorHarness.start();
    }

    @AfterAll
    static void stopOperator() {
        harness.close();
    }

    @Test
    void aChangedSlugIsInvalidChangesNothingAndDeletingRemovesTheHeldSlugsData() {
        harness.create(Calendars.jackAndBonnie("renamers", "original"));
        await().atMost(Duration.ofSeconds(20)).until(() -> phase() == Phase.Provisioning);

        harness.edit("renamers", "original", instance -> instance.getSpec().setSlug("renamed"));

        CalendarInstance stalled = await().atMost(Duration.ofSeconds(20)).until(() -> harness.get("renamers", "original"),
                i -> i.getStatus().getPhase() == Phase.Failed);
        var ready = Conditions.find(stalled.getStatus().getConditions(), Conditions.READY).orElseThrow();
        assertThat(ready.getReason()).isEqualTo("InvalidSpec");
        assertThat(ready.getMessage()).contains("slug cannot change").contains("'original'").contains("'renamed'");
        assertThat(Conditions.isTrue(stalled.getStatus().getConditions(), Conditions.STALLED)).isTrue();
        assertThat(stalled.getStatus().getSlug()).isEqualTo("original");
        try (Jedis redis = harness.admin()) {
            assertThat(redis.aclGetUser(InstanceRedisUsers.username("renamed"))).isNull();
            assertThat(redis.keys(InstanceKeys.of("renamed").allKeysGlob())).isEmpty();
        }
        assertThat(harness.client().secrets().inNamespace("renamers").list().getItems()).extracting(Secret::getMetadata)
                .extracting(m -> m.getName()).as("only the held slug's Secrets")
                .containsExactlyInAnyOrder("original-redis", "original-access");

        harness.instances().inNamespace("renamers").withName("original").delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.get("renamers", "original") == null);
        try (Jedis redis = harness.admin()) {
            assertThat(redis.keys(InstanceKeys.of("original").allKeysGlob())).isEmpty();
            assertThat(redis.aclGetUser(InstanceRedisUsers.username("original"))).isNull();
        }
    }

    private static Phase phase() {
        CalendarInstance instance = harness.get("renamers", "original");
        return instance == null || instance.getStatus() == null ? null : instance.getStatus().getPhase();
    }
}
