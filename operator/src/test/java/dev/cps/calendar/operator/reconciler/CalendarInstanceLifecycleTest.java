package dev.cps.calendar.operator.reconciler;

import dev.cps.calendar.api.UserColor;
import dev.cps.calendar.api.ChangeFeed;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.DeletionPolicy;
import dev.cps.calendar.operator.customresource.Phase;
import dev.cps.calendar.operator.customresource.UserSpec;
import dev.cps.calendar.operator.dependentresource.ManagedLabels;
import dev.cps.calendar.operator.dependentresource.RedisSecretDependentResource;
import dev.cps.calendar.operator.redis.InstanceRedisUsers;
import dev.cps.calendar.operator.status.Conditions;
import dev.cps.calendar.operator.testing.Calendars;
import dev.cps.calendar.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.resps.StreamEntry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A calendar's life on the mock API server and a real Redis: create, edit, suspend, become ready, delete. */
class CalendarInstanceLifecycleTest {

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
    void aNewCalendarGetsItsRedisDataIdentityAndChildrenOwnedAndLabelled() {
        CalendarInstance created = harness.create(Calendars.jackAndBonnie("team-a", "eclipse"));

        Secret secret = awaitChild(Secret.class, "team-a", "eclipse-redis");
        Deployment deployment = awaitChild(Deployment.class, "team-a", "eclipse");
        Service service = awaitChild(Service.class, "team-a", "eclipse");
        Ingress ingress = awaitChild(Ingress.class, "team-a", "eclipse");
        for (HasMetadata child : List.of(secret, deployment, service, ingress)) {
            assertThat(child.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
                assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid());
                assertThat(owner.getKind()).isEqualTo("CalendarInstance");
                assertThat(owner.getController()).isTrue();
            });
            assertThat(child.getMetadata().getLabels()).containsAllEntriesOf(Map.of(
                    ManagedLabels.MANAGED_BY, "calendar-operator",
                    ManagedLabels.NAME, "calendar-instance",
                    ManagedLabels.INSTANCE, "eclipse"));
        }
        assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("eclipse." + OperatorHarness.BASE_DOMAIN);

        try (Jedis admin = harness.admin()) {
            InstanceConfig config = ContractJson.readConfig(admin.get(InstanceKeys.of("eclipse").config()));
            assertThat(config.displayTitle()).isEqualTo("Eclipse Financial Solutions - xplan");
            assertThat(config.users()).extracting(u -> u.name() + "/" + u.key() + "/" + u.color())
                    .containsExactly("Jack/j/" + UserColor.NAMED.get("green").hex(), "Bonnie/b/" + UserColor.NAMED.get("red").hex());
            assertThat(config.timezone()).isEqualTo("UTC");
            assertThat(config.createdAt()).isNotNull();
        }

        CalendarInstance status = await().atMost(Duration.ofSeconds(20)).until(() -> harness.get("team-a", "eclipse"),
                instance -> instance.getStatus() != null && instance.getStatus().getPhase() == Phase.Provisioning);
        assertThat(status.getStatus().getSlug()).isEqualTo("eclipse");
        assertThat(status.getStatus().getUrl()).isEqualTo("http://eclipse." + OperatorHarness.BASE_DOMAIN);
        assertThat(Conditions.find(status.getStatus().getConditions(), Conditions.READY).orElseThrow().getStatus()).isEqualTo("False");
        assertThat(Conditions.isTrue(status.getStatus().getConditions(), Conditions.RECONCILING)).isTrue();
    }

    @Test
    void theInstanceRedisUserReadsItsOwnKeysAndIsRefusedAnotherInstances() {
        harness.create(Calendars.jackAndBonnie("team-b", "northwind"));
        harness.create(Calendars.jackAndBonnie("team-b", "contoso"));
        Secret secret = awaitChild(Secret.class, "team-b", "northwind-redis");
        awaitChild(Secret.class, "team-b", "contoso-redis");
        String redisUrl = decode(secret, RedisSecretDependentResource.REDIS_URL);
        assertThat(redisUrl).startsWith("redis://" + InstanceRedisUsers.username("northwind") + ":")
                .endsWith("@" + harness.redis().host() + ":" + harness.redis().port());

        try (Jedis app = new Jedis(URI.create(redisUrl))) {
            assertThat(app.get(InstanceKeys.of("northwind").config())).contains("\"slug\":\"northwind\"");
            app.hset(InstanceKeys.of("northwind").bookingDay(java.time.LocalDate.of(2024, 1, 22)), "10:00", "{}");
            assertThat(app.xrange(InstanceKeys.of("northwind").changeFeed(), (StreamEntryID) null, (StreamEntryID) null)).isNotEmpty();

            assertThatThrownBy(() -> app.get(InstanceKeys.of("contoso").config()))
                    .isInstanceOf(JedisAccessControlException.class).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> app.publish(InstanceKeys.of("contoso").prefix() + "events", "hi"))
                    .isInstanceOf(JedisAccessControlException.class).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> app.keys("*"))
                    .isInstanceOf(JedisAccessControlException.class).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> app.flushAll())
                    .isInstanceOf(JedisAccessControlException.class).hasMessageContaining("NOPERM");
        }
    }

    @Test
    void editingTheTitleAndUsersUpdatesTheConfigAndFeedButNotTheDeployment() {
        harness.create(Calendars.jackAndBonnie("team-c", "fabrikam"));
        String configKey = InstanceKeys.of("fabrikam").config();
        awaitChild(Deployment.class, "team-c", "fabrikam");
        await().until(() -> phase("team-c", "fabrikam") == Phase.Provisioning);
        String deploymentVersion = harness.client().apps().deployments().inNamespace("team-c").withName("fabrikam").get()
                .getMetadata().getResourceVersion();
        InstanceConfig before;
        try (Jedis admin = harness.admin()) {
            before = ContractJson.readConfig(admin.get(configKey));
        }

        harness.edit("team-c", "fabrikam", instance -> {
            instance.getSpec().setTitle("Fabrikam");
            instance.getSpec().setUsers(List.of(new UserSpec("Jack", "j"), new UserSpec("Bonnie", "b"), new UserSpec("Clyde", "c")));
        });

        try (Jedis admin = harness.admin()) {
            InstanceConfig after = await().atMost(Duration.ofSeconds(20))
                    .until(() -> ContractJson.readConfig(admin.get(configKey)), config -> config.title().equals("Fabrikam"));
            assertThat(after.users()).extracting(u -> u.name() + "/" + u.color())
                    .containsExactly("Jack/" + UserColor.NAMED.get("green").hex(), "Bonnie/" + UserColor.NAMED.get("red").hex(), "Clyde/" + UserColor.NAMED.get("purple").hex());
            assertThat(after.createdAt()).isEqualTo(before.createdAt());
            assertThat(after.updatedAt()).isAfter(before.updatedAt());

            List<StreamEntry> feed = admin.xrange(InstanceKeys.of("fabrikam").changeFeed(), (StreamEntryID) null, (StreamEntryID) null);
            StreamEntry last = feed.get(feed.size() - 1);
            assertThat(last.getFields()).containsEntry(ChangeFeed.TYPE, ChangeFeed.CONFIG_CHANGED);
            assertThat(ContractJson.readConfig(last.getFields().get(ChangeFeed.DATA))).isEqualTo(after);
            assertThat(feed).hasSize(2);
        }
        await().until(() -> harness.get("team-c", "fabrikam").getStatus().getObservedGeneration() == 2L);
        assertThat(harness.client().apps().deployments().inNamespace("team-c").withName("fabrikam").get()
                .getMetadata().getResourceVersion()).isEqualTo(deploymentVersion);
    }

    @Test
    void aSuspendedCalendarScalesToZeroAndSaysSo() {
        harness.create(Calendars.jackAndBonnie("team-d", "litware"));
        await().until(() -> phase("team-d", "litware") == Phase.Provisioning);

        harness.edit("team-d", "litware", instance -> instance.getSpec().setSuspended(true));

        await().atMost(Duration.ofSeconds(20)).until(() -> phase("team-d", "litware") == Phase.Suspended);
        assertThat(harness.client().apps().deployments().inNamespace("team-d").withName("litware").get().getSpec().getReplicas())
                .isZero();
        try (Jedis admin = harness.admin()) {
            assertThat(admin.exists(InstanceKeys.of("litware").config())).isTrue();
        }
    }

    @Test
    void aCalendarWhosePodsBecomeReadyIsActiveAndReady() {
        harness.create(Calendars.jackAndBonnie("team-e", "tailspin"));
        Deployment deployment = awaitChild(Deployment.class, "team-e", "tailspin");

        deployment.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).withAvailableReplicas(1).build());
        harness.client().apps().deployments().inNamespace("team-e").resource(deployment).updateStatus();

        CalendarInstance active = await().atMost(Duration.ofSeconds(20)).until(() -> harness.get("team-e", "tailspin"),
                instance -> instance.getStatus() != null && instance.getStatus().getPhase() == Phase.Active);
        assertThat(active.getStatus().getReadyReplicas()).isEqualTo(1);
        var ready = Conditions.find(active.getStatus().getConditions(), Conditions.READY).orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("True");
        assertThat(ready.getReason()).isEqualTo("Available");
        assertThat(ready.getObservedGeneration()).isEqualTo(active.getMetadata().getGeneration());
        assertThat(Conditions.isTrue(active.getStatus().getConditions(), Conditions.RECONCILING)).isFalse();
        assertThat(Conditions.isTrue(active.getStatus().getConditions(), Conditions.STALLED)).isFalse();
    }

    @Test
    void aSlugTakenInAnotherNamespaceIsAConflictAndTheFirstCalendarIsUnharmed() {
        harness.create(Calendars.jackAndBonnie("team-f", "adventure"));
        Secret firstSecret = awaitChild(Secret.class, "team-f", "adventure-redis");
        await().until(() -> phase("team-f", "adventure") == Phase.Provisioning);
        String firstConfig;
        try (Jedis admin = harness.admin()) {
            firstConfig = admin.get(InstanceKeys.of("adventure").config());
        }

        CalendarInstance second = Calendars.jackAndBonnie("team-g", "adventure");
        second.getSpec().setTitle("Somebody else");
        harness.create(second);

        CalendarInstance conflicted = await().atMost(Duration.ofSeconds(20)).until(() -> harness.get("team-g", "adventure"),
                instance -> instance.getStatus() != null && instance.getStatus().getPhase() == Phase.Failed);
        var ready = Conditions.find(conflicted.getStatus().getConditions(), Conditions.READY).orElseThrow();
        assertThat(ready.getReason()).isEqualTo("SlugConflict");
        assertThat(ready.getMessage()).contains("team-f/adventure");
        assertThat(Conditions.isTrue(conflicted.getStatus().getConditions(), Conditions.STALLED)).isTrue();
        assertThat(harness.client().apps().deployments().inNamespace("team-g").withName("adventure").get()).isNull();

        try (Jedis admin = harness.admin()) {
            assertThat(admin.get(InstanceKeys.of("adventure").config())).isEqualTo(firstConfig);
        }
        assertThat(harness.client().secrets().inNamespace("team-f").withName("adventure-redis").get().getData())
                .isEqualTo(firstSecret.getData());

        harness.instances().inNamespace("team-g").withName("adventure").delete();
        await().until(() -> harness.get("team-g", "adventure") == null);
        try (Jedis admin = harness.admin()) {
            assertThat(admin.get(InstanceKeys.of("adventure").config())).isEqualTo(firstConfig);
            assertThat(admin.aclGetUser(InstanceRedisUsers.username("adventure"))).isNotNull();
        }
        assertThat(phase("team-f", "adventure")).isEqualTo(Phase.Provisioning);
    }

    @Test
    void deletingWithDeleteRemovesTheKeysTheRedisUserAndTheClaim() {
        harness.create(Calendars.withPolicy(Calendars.jackAndBonnie("team-h", "proseware"), DeletionPolicy.Delete));
        awaitChild(Secret.class, "team-h", "proseware-redis");
        await().until(() -> phase("team-h", "proseware") == Phase.Provisioning);

        harness.instances().inNamespace("team-h").withName("proseware").delete();

        await().atMost(Duration.ofSeconds(20)).until(() -> harness.get("team-h", "proseware") == null);
        try (Jedis admin = harness.admin()) {
            assertThat(admin.keys(InstanceKeys.of("proseware").allKeysGlob())).isEmpty();
            assertThat(admin.aclGetUser(InstanceRedisUsers.username("proseware"))).isNull();
        }
    }

    @Test
    void deletingWithRetainKeepsTheDataForTheNextCalendarWithThatSlugInTheNamespace() {
        String bookings = InstanceKeys.of("wingtip").bookingDay(java.time.LocalDate.of(2024, 1, 22));
        harness.create(Calendars.withPolicy(Calendars.jackAndBonnie("team-i", "wingtip"), DeletionPolicy.Retain));
        awaitChild(Secret.class, "team-i", "wingtip-redis");
        await().until(() -> phase("team-i", "wingtip") == Phase.Provisioning);
        try (Jedis admin = harness.admin()) {
            admin.hset(bookings, "10:00", "{\"user\":\"Jack\",\"duration\":2}");
        }

        harness.instances().inNamespace("team-i").withName("wingtip").delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.get("team-i", "wingtip") == null);
        harness.collectGarbage();
        try (Jedis admin = harness.admin()) {
            assertThat(admin.hget(bookings, "10:00")).contains("Jack");
            assertThat(admin.get(InstanceKeys.of("wingtip").slugClaim())).contains("\"retained\":true");
        }

        CalendarInstance elsewhere = Calendars.jackAndBonnie("team-j", "wingtip");
        harness.create(elsewhere);
        await().atMost(Duration.ofSeconds(20)).until(() -> phase("team-j", "wingtip") == Phase.Failed);

        CalendarInstance again = Calendars.jackAndBonnie("team-i", "wingtip-again");
        again.getSpec().setSlug("wingtip");
        String uid = harness.create(again).getMetadata().getUid();
        await().atMost(Duration.ofSeconds(20)).until(() -> phase("team-i", "wingtip-again") == Phase.Provisioning);
        try (Jedis admin = harness.admin()) {
            assertThat(admin.hget(bookings, "10:00")).contains("Jack");
            assertThat(admin.get(InstanceKeys.of("wingtip").slugClaim())).contains(uid)
                    .doesNotContain("retained");
        }
        awaitChild(Secret.class, "team-i", "wingtip-redis");
    }

    private static Phase phase(String namespace, String name) {
        CalendarInstance instance = harness.get(namespace, name);
        return instance == null || instance.getStatus() == null ? null : instance.getStatus().getPhase();
    }

    static <T extends HasMetadata> T awaitChild(Class<T> type, String namespace, String name) {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> harness.client().resources(type).inNamespace(namespace).withName(name).get(), child -> child != null);
    }

    private static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
}
