package dev.cps.calendar.operator.cluster;

import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.DeletionPolicy;
import dev.cps.calendar.operator.customresource.Phase;
import dev.cps.calendar.operator.redis.InstanceRedisUsers;
import dev.cps.calendar.operator.status.Conditions;
import dev.cps.calendar.operator.testing.Calendars;
import dev.cps.calendar.testing.kube.KubeControlPlane;
import dev.cps.calendar.testing.kube.KubeControlPlaneExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator reacts in seconds, not at the next resync (3 minutes here, as by default): to a Redis
 * that restarted empty, and to a slug its holder released. A retained calendar's Redis user is shut
 * while nobody holds its password.
 */
@ExtendWith(KubeControlPlaneExtension.class)
class ReactionsOnApiServerTest {

    private static final String NS = "reactions";
    private static final String OTHER = "reactions-other";
    /** Well inside the 3-minute resync: only a reaction gets there in time. */
    private static final Duration SECONDS = Duration.ofSeconds(20);
    private static ClusterOperator operator;

    @BeforeAll
    static void install(KubeControlPlane cluster) {
        operator = ClusterOperator.start(cluster, List.of(NS, OTHER), Map.of());
    }

    @AfterAll
    static void remove() {
        operator.close();
    }

    @Test
    void aRedisThatRestartedEmptyIsProvisionedAgainWithinSeconds() {
        List<String> slugs = IntStream.range(0, 3).mapToObj(i -> "restart-" + i).toList();
        slugs.forEach(slug -> operator.create(Calendars.jackAndBonnie(NS, slug)));
        await().atMost(SECONDS).until(() -> slugs.stream().allMatch(this::provisioned));

        try (Jedis redis = operator.redisAdmin()) {
            redis.set("test:before-the-restart", "1");
        }
        operator.redis().kill();
        operator.redis().restart(); // no persistence: every key and ACL user is gone
        long restarted = System.nanoTime();
        try (Jedis redis = operator.redisAdmin()) {
            // not "no instance keys": the operator may already be writing them again
            assertThat(redis.exists("test:before-the-restart")).as("the restarted Redis is empty").isFalse();
        }

        await().atMost(SECONDS).until(() -> slugs.stream().allMatch(this::provisioned));
        System.out.printf("an empty Redis had every calendar's config and user back %d ms after its restart%n",
                Duration.ofNanos(System.nanoTime() - restarted).toMillis());
    }

    @Test
    void aReleasedSlugIsTakenOverWithinSecondsByTheResourceWaitingForIt() {
        operator.create(Calendars.jackAndBonnie(NS, "wanted"));
        await().atMost(SECONDS).until(() -> phase(NS, "wanted") == Phase.Provisioning);
        CalendarInstance waiting = Calendars.jackAndBonnie(OTHER, "waiting");
        waiting.getSpec().setSlug("wanted");
        operator.create(waiting);
        await().atMost(SECONDS).until(() -> phase(OTHER, "waiting") == Phase.Failed);

        operator.instances().inNamespace(NS).withName("wanted").delete();
        long released = System.nanoTime();

        await().atMost(SECONDS).until(() -> phase(OTHER, "waiting") == Phase.Provisioning);
        System.out.printf("a released slug was taken over %d ms after its holder was deleted%n",
                Duration.ofNanos(System.nanoTime() - released).toMillis());
        var ready = Conditions.find(operator.get(OTHER, "waiting").getStatus().getConditions(), Conditions.READY).orElseThrow();
        assertThat(ready.getMessage()).doesNotContain(NS + "/wanted");
        assertThat(operator.get(OTHER, "waiting").getStatus().getSlug()).isEqualTo("wanted");
    }

    @Test
    void aRetainedCalendarsRedisUserIsShutUntilANewCalendarAdoptsTheData() {
        operator.create(Calendars.withPolicy(Calendars.jackAndBonnie(NS, "kept"), DeletionPolicy.Retain));
        await().atMost(SECONDS).until(() -> provisioned("kept"));

        operator.instances().inNamespace(NS).withName("kept").delete();
        await().atMost(SECONDS).until(() -> operator.get(NS, "kept") == null);
        try (Jedis redis = operator.redisAdmin()) {
            var user = redis.aclGetUser(InstanceRedisUsers.username("kept"));
            assertThat(user.getFlags()).contains("off").doesNotContain("on");
            assertThat(redis.exists(InstanceKeys.of("kept").config())).as("the data is retained").isTrue();
        }

        operator.create(Calendars.jackAndBonnie(NS, "kept"));
        await().atMost(SECONDS).until(() -> provisioned("kept"));
        try (Jedis redis = operator.redisAdmin()) {
            assertThat(redis.aclGetUser(InstanceRedisUsers.username("kept")).getFlags()).contains("on");
        }
    }

    private boolean provisioned(String slug) {
        try (Jedis redis = operator.redisAdmin()) {
            var user = redis.aclGetUser(InstanceRedisUsers.username(slug));
            return redis.exists(InstanceKeys.of(slug).config()) && user != null && user.getFlags().contains("on");
        } catch (RuntimeException redisStillDown) {
            return false;
        }
    }

    private static Phase phase(String namespace, String name) {
        CalendarInstance instance = operator.get(namespace, name);
        return instance == null || instance.getStatus() == null ? null : instance.getStatus().getPhase();
    }
}
