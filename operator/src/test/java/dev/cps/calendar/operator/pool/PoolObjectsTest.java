package dev.cps.calendar.operator.pool;

import dev.cps.calendar.api.AppEnvironment;
import dev.cps.calendar.api.PoolKeys;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.dependentresource.AppDeploymentDependentResource;
import dev.cps.calendar.operator.dependentresource.InstancePlan;
import dev.cps.calendar.operator.dependentresource.ManagedLabels;
import dev.cps.calendar.operator.settings.OperatorSettings;
import dev.cps.calendar.operator.testing.Calendars;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A pool's objects as the operator wants them, from members and settings alone. */
class PoolObjectsTest {

    private static final PoolKeys POOL = PoolKeys.of("bakeries", "shared");
    private static final OperatorSettings SETTINGS = OperatorSettings.fromEnvironment(Map.of("REDIS_URL", "redis://redis.data:6379"));

    @Test
    void thePoolRunsTheCalendarAppWithItsPoolIdAndTheSamePodAsADedicatedCalendar() {
        CalendarInstance corner = member("corner");
        Deployment pool = PoolObjects.deployment(POOL, List.of(corner), "0123456789abcdef0123456789abcdef", SETTINGS);

        assertThat(pool.getMetadata().getName()).isEqualTo("calendar-pool-shared");
        assertThat(pool.getSpec().getReplicas()).isEqualTo(2);
        Container app = pool.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(app.getEnv()).extracting(e -> e.getName()).containsExactly(AppEnvironment.POOL_ID, AppEnvironment.PORT,
                AppEnvironment.METRICS_PORT, AppEnvironment.REDIS_URL);
        assertThat(app.getEnv().get(0).getValue()).isEqualTo("bakeries.shared");

        Deployment dedicated = new AppDeploymentDependentResource().desired(corner,
                InstancePlan.of(corner, SETTINGS, "calendar-corner", "0123456789abcdef0123456789abcdef"));
        Container own = dedicated.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(app.getSecurityContext()).isEqualTo(own.getSecurityContext());
        assertThat(app.getReadinessProbe()).isEqualTo(own.getReadinessProbe());
        assertThat(app.getLivenessProbe()).isEqualTo(own.getLivenessProbe());
        assertThat(app.getPorts()).isEqualTo(own.getPorts());
        assertThat(pool.getSpec().getTemplate().getSpec().getSecurityContext())
                .isEqualTo(dedicated.getSpec().getTemplate().getSpec().getSecurityContext());
        assertThat(pool.getSpec().getSelector().getMatchLabels()).as("never a calendar's own pods")
                .isNotEqualTo(dedicated.getSpec().getSelector().getMatchLabels())
                .containsEntry(ManagedLabels.INSTANCE, "calendar-pool-shared");
        assertThat(pool.getSpec().getTemplate().getMetadata().getLabels()).as("the chart's NetworkPolicy and PodMonitor select these")
                .containsEntry(ManagedLabels.NAME, ManagedLabels.APP).containsEntry(ManagedLabels.MANAGED_BY, ManagedLabels.OPERATOR);
    }

    @Test
    void everyMemberOwnsThePoolWithoutControllingIt() {
        Deployment pool = PoolObjects.deployment(POOL, List.of(member("harbour"), member("corner")), "p", SETTINGS);
        assertThat(pool.getMetadata().getOwnerReferences()).extracting(o -> o.getName()).containsExactly("corner", "harbour");
        assertThat(pool.getMetadata().getOwnerReferences()).allSatisfy(o -> {
            assertThat(o.getKind()).isEqualTo("CalendarInstance");
            assertThat(o.getApiVersion()).isEqualTo("calendar.cps.dev/v1alpha1");
            assertThat(o.getController()).isFalse();
            assertThat(o.getBlockOwnerDeletion()).isFalse();
        });
        pool.getMetadata().setUid("pool-uid");
        assertThat(PoolObjects.service(POOL, pool).getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo("pool-uid"));
        var secret = PoolObjects.secret(POOL, pool, "secret-password", SETTINGS);
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("redis-url")), StandardCharsets.UTF_8))
                .isEqualTo("redis://pool-bakeries-shared:secret-password@redis.data:6379");
    }

    @Test
    void resourcesGrowInCoarseStepsSoAJoinRarelyRestartsThePool() {
        var sizes = IntStream.of(1, 50, 51, 100, 101).mapToObj(members -> PoolObjects.deployment(POOL,
                IntStream.range(0, members).mapToObj(i -> member("m" + i)).toList(), "p", SETTINGS)
                .getSpec().getTemplate().getSpec().getContainers().get(0).getResources()).toList();
        assertThat(sizes.get(0)).isEqualTo(sizes.get(1));
        assertThat(sizes.get(2).getRequests().get("memory").toString()).isEqualTo("192Mi");
        assertThat(sizes.get(3)).isEqualTo(sizes.get(2));
        assertThat(sizes.get(4).getLimits().get("memory").toString()).isEqualTo("576Mi");
        assertThat(sizes.get(4).getLimits().get("cpu").toString()).isEqualTo("1500m");
    }

    private static CalendarInstance member(String name) {
        CalendarInstance instance = Calendars.jackAndBonnie("bakeries", name);
        instance.getMetadata().setUid("uid-" + name);
        return instance;
    }
}
