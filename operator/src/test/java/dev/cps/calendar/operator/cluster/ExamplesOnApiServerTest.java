package dev.cps.calendar.operator.cluster;

import dev.cps.calendar.crdcheck.CalendarInstanceSchema;
import dev.cps.calendar.operator.validation.InvalidExamples;
import dev.cps.calendar.operator.validation.Resources;
import dev.cps.calendar.testing.kube.KubeControlPlane;
import dev.cps.calendar.testing.kube.KubeControlPlaneExtension;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every example is accepted and every file of examples/invalid refused by the API server itself
 * (through the real kubectl, as a person applies them), with the message the table of
 * {@link InvalidExamples} promises; and the Java evaluation of the
 * CRD (crd-check/) gives the same verdict as the server for every file.
 */
@ExtendWith(KubeControlPlaneExtension.class)
class ExamplesOnApiServerTest {

    private static final CalendarInstanceSchema SCHEMA = CalendarInstanceSchema.generated();
    private static ClusterOperator installed;
    private static KubeControlPlane cluster;

    @BeforeAll
    static void installCrd(KubeControlPlane controlPlane) {
        cluster = controlPlane;
        installed = ClusterOperator.install(controlPlane, RenderedChart.DEFAULTS, List.of("default", "studios"), Map.of());
    }

    @AfterAll
    static void remove() {
        installed.close();
    }

    static Stream<Path> examples() {
        return Stream.concat(Resources.yamlFiles(Resources.examples(), false).stream(),
                Resources.yamlFiles(Resources.examples().resolve("invalid"), false).stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void theJavaChecksGiveTheApiServersVerdict(Path file) {
        Map<String, Object> resource = Resources.calendarInstance(file);
        boolean javaAccepts = SCHEMA.check(resource).isEmpty();

        assertThat(apiServerRefusal(file).isEmpty()).as(file + ": accepted by the API server, as by the Java checks: "
                + SCHEMA.check(resource)).isEqualTo(javaAccepts);
        assertThat(javaAccepts).as(file + " is valid exactly when it is not in invalid/")
                .isEqualTo(!file.getParent().getFileName().toString().equals("invalid"));
    }

    @ParameterizedTest(name = "{0}: {1} ({2})")
    @MethodSource("dev.cps.calendar.operator.validation.InvalidExamples#mistakes")
    void refusedByTheApiServerWithTheMessageTheTablePromises(String file, String path, String caughtBy, String message) {
        String refusal = apiServerRefusal(InvalidExamples.file(file)).orElseThrow(
                () -> new AssertionError(file + " was accepted"));

        assertThat(refusal).as(file).contains(path).contains(message);
    }

    @Test
    void theSlugCannotChangeOnceCreated() {
        var created = Resources.calendarInstance(Resources.examples().resolve("eclipse-financial.yaml"));
        var resource = cluster.admin().resource(generic(created)).create();
        resource.getAdditionalProperties().compute("spec", (k, spec) -> {
            @SuppressWarnings("unchecked") var s = (Map<String, Object>) spec;
            s.put("slug", "another-slug");
            return s;
        });

        assertThatThrownBy(() -> cluster.admin().resource(resource).update())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("spec.slug")
                .hasMessageContaining("slug cannot be changed");
        cluster.admin().resource(resource).delete();
    }

    /** What `kubectl create --dry-run=server` prints when the API server refuses the file, or empty if it accepts it. */
    private static Optional<String> apiServerRefusal(Path file) {
        var created = cluster.kubectl("create", "--dry-run=server", "-f", file.toString());
        return created.succeeded() ? Optional.empty() : Optional.of(created.err());
    }

    private static GenericKubernetesResource generic(Map<String, Object> resource) {
        GenericKubernetesResource generic = cluster.admin().getKubernetesSerialization().convertValue(resource,
                GenericKubernetesResource.class);
        if (generic.getMetadata().getNamespace() == null) {
            generic.getMetadata().setNamespace("default");
        }
        return generic;
    }
}
