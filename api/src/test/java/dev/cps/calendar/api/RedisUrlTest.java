package dev.cps.calendar.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisUrlTest {

    @Test
    void anInstanceUrlCarriesItsUserAndPasswordAndReadsBackTheSame() {
        RedisUrl url = RedisUrl.parse("redis://redis.redis.svc:6390", "INSTANCE_REDIS_URL")
                .withCredentials("calendar-eclipse", "p@ss word");

        assertThat(url.toString()).isEqualTo("redis://calendar-eclipse:p%40ss+word@redis.redis.svc:6390");
        assertThat(RedisUrl.parse(url.toString(), "REDIS_URL")).isEqualTo(url);
        assertThat(url.endpoint().toString()).isEqualTo("redis://redis.redis.svc:6390");
    }

    @Test
    void defaultsAndTheShortForms() {
        assertThat(RedisUrl.parse("redis://localhost", "REDIS_URL"))
                .isEqualTo(new RedisUrl(false, "localhost", 6379, null, null, 0));
        assertThat(RedisUrl.parse("rediss://:secret@cache:6380/2", "REDIS_URL"))
                .isEqualTo(new RedisUrl(true, "cache", 6380, null, "secret", 2));
        assertThat(RedisUrl.parse("redis://secret@cache", "REDIS_URL").password()).isEqualTo("secret");
    }

    @Test
    void somethingElseIsRefusedWithTheSettingsName() {
        assertThatThrownBy(() -> RedisUrl.parse("http://cache:6379", "REDIS_URL"))
                .hasMessageContaining("REDIS_URL must start with redis://, rediss://, redis-cluster:// or rediss-cluster://");
        assertThatThrownBy(() -> RedisUrl.parse("redis:///0", "INSTANCE_REDIS_URL"))
                .hasMessageContaining("INSTANCE_REDIS_URL has no host");
    }

    @Test
    void aClusterUrlListsItsSeedNodesAndReadsBackTheSame() {
        RedisUrl url = RedisUrl.parse("redis-cluster://admin:s%3Acret@10.0.0.1:7000, 10.0.0.2 ,[::1]:7002", "REDIS_URL");

        assertThat(url.cluster()).isTrue();
        assertThat(url.tls()).isFalse();
        assertThat(url.nodes()).containsExactly(new RedisUrl.Node("10.0.0.1", 7000), new RedisUrl.Node("10.0.0.2", 6379),
                new RedisUrl.Node("::1", 7002));
        assertThat(url.user()).isEqualTo("admin");
        assertThat(url.password()).isEqualTo("s:cret");
        assertThat(url.toString()).isEqualTo("redis-cluster://admin:s%3Acret@10.0.0.1:7000,10.0.0.2:6379,[::1]:7002");
        assertThat(RedisUrl.parse(url.toString(), "REDIS_URL")).isEqualTo(url);
        assertThat(url.endpoint().withCredentials("calendar-x", "pw").toString())
                .isEqualTo("redis-cluster://calendar-x:pw@10.0.0.1:7000,10.0.0.2:6379,[::1]:7002");
        assertThat(RedisUrl.parse("rediss-cluster://cache:7000/0", "REDIS_URL"))
                .isEqualTo(new RedisUrl(true, true, java.util.List.of(new RedisUrl.Node("cache", 7000)), null, null, 0));
    }

    @Test
    void aBadClusterUrlIsRefusedSayingWhatIsWrongAndNeverShowingThePassword() {
        assertThatThrownBy(() -> RedisUrl.parse("redis-cluster://u:hunter2@a:7000,,b:7001", "REDIS_URL"))
                .hasMessageContaining("REDIS_URL has an empty host").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> RedisUrl.parse("redis-cluster://u:hunter2@a:7000,b:seven", "REDIS_URL"))
                .hasMessageContaining("REDIS_URL has a port that is not one (1-65535): \"b:seven\"")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> RedisUrl.parse("redis-cluster://a:70000", "REDIS_URL")).hasMessageContaining("port");
        assertThatThrownBy(() -> RedisUrl.parse("redis-cluster://a:7000/3", "REDIS_URL"))
                .hasMessageContaining("a Redis Cluster has database 0 only");
        assertThatThrownBy(() -> RedisUrl.parse("redis-cluster://a:7000,a:7000", "REDIS_URL"))
                .hasMessageContaining("names a node twice");
        assertThatThrownBy(() -> RedisUrl.parse("redis-cluster://", "REDIS_URL")).hasMessageContaining("empty host");
        assertThatThrownBy(() -> RedisUrl.parse("redis://a:7000,b:7001", "REDIS_URL")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisUrl.parse("redis://cache/two", "REDIS_URL")).hasMessageContaining("not a number");
    }
}
