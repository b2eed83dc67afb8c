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
                .hasMessageContaining("REDIS_URL must start with redis:// or rediss://");
        assertThatThrownBy(() -> RedisUrl.parse("redis:///0", "INSTANCE_REDIS_URL"))
                .hasMessageContaining("INSTANCE_REDIS_URL has no host");
    }
}
