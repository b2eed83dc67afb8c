package dev.cps.calendar.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A managed Redis outside the cluster, its admin password in a Secret the team made. */
class ExternalRedisTest {

    private final RenderedChart chart = RenderedChart.with("external-redis");

    @Test
    void the_chart_installs_no_redis_and_no_secret_of_its_own() {
        assertThat(chart.all("StatefulSet")).isEmpty();
        assertThat(chart.all("Secret")).isEmpty();
        assertThat(chart.all("ConfigMap")).isEmpty();
    }

    @Test
    void the_operator_gets_the_url_the_user_and_the_password_reference() {
        assertThat(chart.operatorEnvValue("REDIS_URL")).isEqualTo("rediss://redis.prod.internal:6380");
        assertThat(chart.operatorEnvValue("INSTANCE_REDIS_URL")).isEqualTo("rediss://redis-public.prod.internal:6380");
        assertThat(chart.operatorEnvValue("REDIS_USERNAME")).isEqualTo("calendar-admin");
        JsonNode password = chart.operatorEnv("REDIS_PASSWORD").orElseThrow();
        assertThat(password.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("calendar-redis-admin");
        assertThat(password.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("admin-password");
        assertThat(password.has("value")).as("never the password itself").isFalse();
    }
}
