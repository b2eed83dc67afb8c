package dev.cps.calendar.operator.probes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void probesFollowTheOperatorsHealthAndMetricsArePrometheusText() throws Exception {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("operator.sdk.reconciliations.started").register(registry).increment();
        var ready = new AtomicBoolean(false);
        try (var probes = ProbeServer.start(0, () -> true, ready::get, registry)) {
            assertThat(get(probes, "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(probes, "/readyz").statusCode()).isEqualTo(503);
            ready.set(true);
            assertThat(get(probes, "/readyz").statusCode()).isEqualTo(200);
            var metrics = get(probes, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("operator_sdk_reconciliations_started_total 1.0");
        }
    }

    private HttpResponse<String> get(ProbeServer probes, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + probes.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
