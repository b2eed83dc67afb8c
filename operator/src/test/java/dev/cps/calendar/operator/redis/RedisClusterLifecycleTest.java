package dev.cps.calendar.operator.redis;

import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.api.RedisUrl;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.DeletionPolicy;
import dev.cps.calendar.operator.dependentresource.RedisSecretDependentResource;
import dev.cps.calendar.operator.testing.Calendars;
import dev.cps.calendar.operator.testing.OperatorHarness;
import dev.cps.calendar.testing.RedisCluster;
import dev.cps.calendar.testing.RedisServer;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.XReadParams;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The operator on a real Redis Cluster (three primaries, three replicas, ACLs on): each calendar's
 * ACL user on all six nodes, its config on the primary of its slot, its app's user working through
 * the cluster; deletion removes both; a node that comes back without the users, or is added, gets
 * them, and the operator keeps working across a failover.
 */
class RedisClusterLifecycleTest {

    private static RedisCluster cluster;
    private static OperatorHarness harness;

    @BeforeAll
    static void start() {
        cluster = RedisCluster.start();
        harness = OperatorHarness.start(Map.of("REDIS_URL", cluster.url()));
    }

    @AfterAll
    static void stop() {
        harness.close();
        cluster.close();
    }

    @Test
    void aCalendarsUserIsOnEveryNodeItsAppWorksThroughTheClusterAndDeletionRemovesUserAndData() {
        harness.create(Calendars.withPolicy(Calendars.jackAndBonnie("team-a", "eclipse"), DeletionPolicy.Delete));
        harness.create(Calendars.jackAndBonnie("team-a", "contoso"));
        String appUrl = decode(awaitSecret("team-a", "eclipse-redis"), RedisSecretDependentResource.REDIS_URL);
        awaitSecret("team-a", "contoso-redis");
        InstanceKeys eclipse = InstanceKeys.of("eclipse");

        RedisUrl url = RedisUrl.parse(appUrl, "REDIS_URL");
        assertThat(url.cluster()).isTrue();
        assertThat(url.user()).isEqualTo(InstanceRedisUsers.username("eclipse"));
        assertThat(url.nodes()).hasSize(6);
        await().atMost(Duration.ofSeconds(20)).until(() -> nodesWithUser("eclipse").size() == running().size());
        try (Jedis primary = cluster.adminOn(cluster.primaryOf(eclipse.config()))) {
            assertThat(ContractJson.readConfig(primary.get(eclipse.config())).displayTitle())
                    .isEqualTo("Eclipse Financial Solutions - xplan");
            assertThat(primary.get(eclipse.slugClaim())).contains("eclipse");
        }

        try (RedisClusterClient app = asApp(url)) {
            // what the app does: scripts on its keys, the change feed, blocking reads
            String bookings = eclipse.bookingDay(LocalDate.of(2027, 1, 21));
            Object written = app.eval("redis.call('HSET', KEYS[1], '10:00', ARGV[1]) return redis.call('XADD', KEYS[2], '*', 'type', 'x')",
                    List.of(bookings, eclipse.changeFeed()), List.of("{\"user\":\"Jack\",\"duration\":1}"));
            assertThat(written).asString().contains("-");
            assertThat(app.xread(XReadParams.xReadParams().count(10), Map.of(eclipse.changeFeed(), new StreamEntryID(0, 0))))
                    .isNotEmpty();
            assertThat(app.hget(bookings, "10:00")).contains("Jack");
            assertThatThrownBy(() -> app.get(InstanceKeys.of("contoso").config()))
                    .isInstanceOf(JedisAccessControlException.class).hasMessageContaining("NOPERM");
        }

        harness.instances().inNamespace("team-a").withName("eclipse").delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.get("team-a", "eclipse") == null);
        assertThat(nodesWithUser("eclipse")).isEmpty();
        assertThat(nodesWithUser("contoso")).hasSize(running().size());
        for (RedisServer node : running()) {
            try (Jedis jedis = cluster.adminOn(node)) {
                assertThat(jedis.scan(ScanParams.SCAN_POINTER_START, new ScanParams().match(eclipse.allKeysGlob()).count(1000))
                        .getResult()).as("keys of eclipse on node " + node.port()).isEmpty();
            }
        }
    }

    @Test
    void acrossAFailoverTheOperatorWritesToTheNewPrimaryAndANodeThatCameBackWithoutUsersGetsThemAgain() {
        harness.create(Calendars.jackAndBonnie("team-b", "northwind"));
        awaitSecret("team-b", "northwind-redis");
        InstanceKeys northwind = InstanceKeys.of("northwind");
        await().atMost(Duration.ofSeconds(20)).until(() -> nodesWithUser("northwind").size() == running().size());

        long killedAt = System.nanoTime();
        RedisServer killed = cluster.killPrimaryOf(northwind.config());
        cluster.awaitHealthy();
        long promotedAt = System.nanoTime();
        harness.edit("team-b", "northwind", instance -> instance.getSpec().setTitle("Northwind after the failover"));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Jedis primary = cluster.adminOn(cluster.primaryOf(northwind.config()))) {
                String json = primary.get(northwind.config());
                return json != null && json.contains("Northwind after the failover");
            }
        });
        long seededAt = System.nanoTime();

        // a restarted node has no ACL users (a cluster does not replicate them): the restart watch
        // notices its new run_id and the reconciles give it every calendar's user again
        killed.restart();
        long restartedAt = System.nanoTime();
        cluster.awaitHealthy();
        await().atMost(Duration.ofSeconds(30)).until(() -> nodesWithUser("northwind").contains(killed.port()));
        long usersBackAt = System.nanoTime();
        assertThat(nodesWithUser("northwind")).hasSize(running().size());
        System.out.printf("Operator on a Redis Cluster: replica promoted %d ms after the primary was killed, the edited config "
                        + "seeded on the new primary %d ms after the kill, the restarted node had its users again %d ms after "
                        + "it restarted%n", (promotedAt - killedAt) / 1_000_000, (seededAt - killedAt) / 1_000_000,
                (usersBackAt - restartedAt) / 1_000_000);
    }

    @Test
    void aNodeAddedToTheClusterGetsEveryCalendarsUserWithinSeconds() {
        harness.create(Calendars.jackAndBonnie("team-c", "fabrikam"));
        awaitSecret("team-c", "fabrikam-redis");
        await().atMost(Duration.ofSeconds(20)).until(() -> nodesWithUser("fabrikam").size() == running().size());

        RedisServer added = cluster.addNode();
        long addedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).until(() -> nodesWithUser("fabrikam").contains(added.port()));
        System.out.printf("Operator on a Redis Cluster: an added node had the calendars' users %d ms after it joined%n",
                (System.nanoTime() - addedAt) / 1_000_000);
        assertThat(nodesWithUser("fabrikam")).hasSize(running().size());
    }

    private static Set<Integer> nodesWithUser(String slug) {
        return running().stream().filter(node -> {
            try (Jedis jedis = cluster.adminOn(node)) {
                return jedis.aclGetUser(InstanceRedisUsers.username(slug)) != null;
            }
        }).map(RedisServer::port).collect(Collectors.toSet());
    }

    private static List<RedisServer> running() {
        return cluster.nodes().stream().filter(RedisServer::isRunning).toList();
    }

    private static RedisClusterClient asApp(RedisUrl url) {
        return RedisClusterClient.builder()
                .nodes(url.nodes().stream().map(n -> new HostAndPort(n.host(), n.port())).collect(Collectors.toSet()))
                .clientConfig(DefaultJedisClientConfig.builder().user(url.user()).password(url.password()).resp2()
                        .clientSetInfoConfig(redis.clients.jedis.ClientSetInfoConfig.DISABLED).build())
                .build();
    }

    private static Secret awaitSecret(String namespace, String name) {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> harness.client().secrets().inNamespace(namespace).withName(name).get(), secret -> secret != null);
    }

    private static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
}
