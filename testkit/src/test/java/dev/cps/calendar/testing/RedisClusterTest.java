package dev.cps.calendar.testing;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisClusterTest {

    @Test
    void threePrimariesWithAReplicaEachServeEverySlotAndAKilledPrimaryIsReplacedByItsReplica() {
        try (RedisCluster cluster = RedisCluster.start()) {
            assertThat(cluster.nodes()).hasSize(6);
            long primaries = cluster.nodes().stream().filter(node -> {
                try (Jedis jedis = cluster.adminOn(node)) {
                    return jedis.info("replication").contains("role:master");
                }
            }).count();
            assertThat(primaries).isEqualTo(3);
            assertThat(cluster.url()).startsWith("redis-cluster://admin:" + cluster.adminPassword() + "@127.0.0.1:");
            assertThat(cluster.address().split(",")).hasSize(6);

            RedisServer primary = cluster.primaryOf("instance:{acme}:config");
            try (Jedis jedis = cluster.adminOn(primary)) {
                jedis.set("instance:{acme}:config", "{}");
                assertThat(jedis.waitReplicas(1, 2000)).as("its replica has it").isEqualTo(1);
            }
            try (Jedis nobody = new Jedis(primary.host(), primary.port())) {
                assertThatThrownBy(() -> nobody.get("instance:{acme}:config"))
                        .as("the default user is off").isInstanceOf(JedisDataException.class);
            }

            RedisServer killed = cluster.killPrimaryOf("instance:{acme}:config");
            assertThat(killed).isSameAs(primary);
            cluster.awaitHealthy();

            RedisServer promoted = cluster.primaryOf("instance:{acme}:config");
            assertThat(promoted).isNotSameAs(primary);
            try (Jedis jedis = cluster.adminOn(promoted)) {
                assertThat(jedis.get("instance:{acme}:config")).as("replicated before the kill").isEqualTo("{}");
            }
        }
    }
}
