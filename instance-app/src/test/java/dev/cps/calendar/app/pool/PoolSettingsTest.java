package dev.cps.calendar.app.pool;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pool's environment: what it needs, its defaults, and clear refusals. */
class PoolSettingsTest {

    static final String REDIS = "redis://pool-team-shared:secret@10.0.0.5:6379";

    @Test
    void aPoolNeedsItsIdAndItsRedisAndHasDefaultsForTheRest() {
        PoolSettings settings = PoolSettings.fromEnvironment(Map.of("POOL_ID", "team.shared", "REDIS_URL", REDIS));
        assertThat(settings.pool().members()).isEqualTo("pool:{team.shared}:members");
        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.metricsPort()).isEqualTo(9090);
        assertThat(settings.idleUnload()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.requestsPerCalendar()).isEqualTo(16);

        PoolSettings tuned = PoolSettings.fromEnvironment(Map.of("POOL_ID", "team.shared", "REDIS_URL", REDIS,
                "POOL_IDLE_UNLOAD_SECONDS", "30", "POOL_REQUESTS_PER_CALENDAR", "4", "POOL_STREAMS_PER_CALENDAR", "9"));
        assertThat(tuned.idleUnload()).isEqualTo(Duration.ofSeconds(30));
        assertThat(tuned.requestsPerCalendar()).isEqualTo(4);
        assertThat(tuned.streamsPerCalendar()).isEqualTo(9);
    }

    @Test
    void badSettingsAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> PoolSettings.fromEnvironment(Map.of("POOL_ID", "team.shared")))
                .hasMessageContaining("REDIS_URL must be set for a pool");
        assertThatThrownBy(() -> PoolSettings.fromEnvironment(Map.of("POOL_ID", "noDot", "REDIS_URL", REDIS)))
                .hasMessageContaining("POOL_ID must be <namespace>.<pool>");
        assertThatThrownBy(() -> PoolSettings.fromEnvironment(Map.of("POOL_ID", "team.shared", "REDIS_URL", REDIS,
                "POOL_REQUESTS_PER_CALENDAR", "0"))).hasMessageContaining("must be at least 1");
        assertThatThrownBy(() -> PoolSettings.fromEnvironment(Map.of("POOL_ID", "team.shared", "REDIS_URL", REDIS,
                "POOL_IDLE_UNLOAD_SECONDS", "soon"))).hasMessageContaining("POOL_IDLE_UNLOAD_SECONDS must be a whole number");
    }

    @Test
    void theHostOfARequestIsItsNameWithoutPortInLowerCase() {
        assertThat(PoolMembers.hostName("Eclipse.Example.TEST:8000")).isEqualTo("eclipse.example.test");
        assertThat(PoolMembers.hostName("harbour.example.test")).isEqualTo("harbour.example.test");
        assertThat(PoolMembers.hostName("[::1]:8080")).isEqualTo("[::1]");
        assertThat(PoolMembers.hostName(null)).isEmpty();
    }
}
