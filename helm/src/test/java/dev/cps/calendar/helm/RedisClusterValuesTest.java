package dev.cps.calendar.helm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operator pointed at an external Redis Cluster by its seed nodes. */
class RedisClusterValuesTest {

    private final RenderedChart chart = RenderedChart.with("redis-cluster");

    @Test
    void the_operator_gets_the_seed_nodes_as_they_are_and_no_redis_of_its_own() {
        assertThat(chart.operatorEnvValue("REDIS_URL")).isEqualTo("redis-cluster://redis-cluster-0.redis-cluster.data.svc:6379,"
                + "redis-cluster-1.redis-cluster.data.svc:6379,redis-cluster-2.redis-cluster.data.svc:6379");
        assertThat(chart.operatorEnvValue("REDIS_USERNAME")).isEqualTo("calendar-admin");
        assertThat(chart.all("StatefulSet")).isEmpty();
    }

    @Test
    void a_cluster_url_that_is_not_one_is_refused_by_the_schema() {
        assertThatThrownBy(() -> RenderedChart.template().set("redis.url", "redis-sentinel://a:6379").call())
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("redis/url");
    }
}
