package dev.cps.calendar.operator.settings;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Quantities as the API server stores them (each pair checked against kube-apiserver 1.34 by ChildrenOnApiServerTest's kind of run). */
class CanonicalQuantityTest {

    @ParameterizedTest(name = "{0} is stored as {1}")
    @CsvSource({"0.125Gi, 128Mi", "1Gi, 1Gi", "1024Mi, 1Gi", "1536Mi, 1536Mi", "1.5Gi, 1536Mi", "192Mi, 192Mi",
            "0.5, 500m", "1000m, 1", "1500m, 1500m", "1, 1", "2000, 2k", "100m, 100m", "0, 0", "512Ki, 512Ki", "1000000, 1M"})
    void writesTheApiServersForm(String written, String stored) {
        assertThat(CanonicalQuantity.of(written, "X")).isEqualTo(stored);
    }

    @ParameterizedTest(name = "{0} x {1} is {2}")
    @CsvSource({"96Mi, 2, 192Mi", "192Mi, 3, 576Mi", "500m, 2, 1", "50m, 3, 150m", "1, 4, 4", "128Mi, 8, 1Gi"})
    void multipliesInTheApiServersForm(String quantity, int factor, String product) {
        assertThat(CanonicalQuantity.times(quantity, factor)).isEqualTo(product);
    }

    @Test
    void aNonQuantityIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> CanonicalQuantity.of("lots", "INSTANCE_CPU_LIMIT"))
                .hasMessageContaining("INSTANCE_CPU_LIMIT must be a Kubernetes quantity");
    }

    @Test
    void aRequestAboveItsLimitIsRefusedAtStart() {
        assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("INSTANCE_MEMORY_REQUEST", "512Mi")))
                .hasMessageContaining("INSTANCE_MEMORY_REQUEST (512Mi) is above INSTANCE_MEMORY_LIMIT (192Mi)");
    }
}
