package dev.cps.calendar.operator.validation;

import dev.cps.calendar.testing.kube.CalendarCrd;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** crds/ holds exactly what the build generates, and the generated CRD is one a person can use. */
class CrdSyncTest {

    private static final String FILE = "calendarinstances.calendar.cps.dev-v1.yml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void crdsFolderHoldsTheGeneratedCrd() throws IOException {
        Path kept = Resources.repoRoot().resolve("crds").resolve(FILE);
        String generated = generated();
        String refresh = "crds/" + FILE + " differs from what the build generated from the Java model. Refresh it "
                + "from the repository root with:\n  cp operator/target/classes/META-INF/fabric8/" + FILE + " crds/\n";
        assertThat(kept).as(refresh).exists();
        assertThat(Files.readString(kept).replace("\r\n", "\n")).as(refresh).isEqualTo(generated.replace("\r\n", "\n"));
    }

    @Test
    void kubectlGetPrintsSlugUrlPhaseReadyPlacementAge() throws IOException {
        JsonNode columns = crd().at("/spec/versions/0/additionalPrinterColumns");
        List<String> names = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        columns.forEach(c -> {
            names.add(c.get("name").asText());
            // in Kubernetes JSONPath a backslash only escapes the next character: ".\s\tatus" reads ".status"
            paths.add(c.get("jsonPath").asText().replace("\\", ""));
        });
        assertThat(names).containsExactly("Slug", "URL", "Phase", "Ready", "Placement", "Age");
        assertThat(paths).containsExactly(".status.slug", ".status.url", ".status.phase",
                ".status.conditions[?(@.type==\"Ready\")].status", ".status.placement", ".metadata.creationTimestamp");
    }

    @Test
    void statusIsTheStatusSubresource() throws IOException {
        assertThat(crd().at("/spec/versions/0/subresources/status").isObject()).isTrue();
        assertThat(crd().at("/spec/names/shortNames/0").asText()).isEqualTo("cal");
        assertThat(crd().at("/spec/versions/0/name").asText()).isEqualTo("v1alpha1");
    }

    @Test
    void kubectlExplainDescribesEveryField() throws IOException {
        List<String> undescribed = new ArrayList<>();
        JsonNode root = crd().at("/spec/versions/0/schema/openAPIV3Schema/properties");
        root.fields().forEachRemaining(e -> collectUndescribed(e.getValue(), e.getKey(), undescribed));
        // the fields of a condition come from fabric8's Condition, whose schema has no descriptions
        undescribed.removeIf(path -> path.startsWith("status.conditions[]."));
        assertThat(undescribed).as("fields without a description (kubectl explain shows nothing)").isEmpty();
    }

    /**
     * The API server estimates each CEL rule's cost from the sizes the schema allows, and refuses a CRD
     * whose rules could cost too much: every string and list a rule can reach must be bounded.
     */
    @Test
    void everyStringAndListThatCelRulesReachIsBounded() throws IOException {
        List<String> unbounded = new ArrayList<>();
        JsonNode root = crd().at("/spec/versions/0/schema/openAPIV3Schema");
        collectUnboundedUnderRules(root, "", false, unbounded);
        assertThat(unbounded).as("strings without maxLength or lists without maxItems under a CEL rule").isEmpty();
    }

    private static void collectUndescribed(JsonNode schema, String path, List<String> undescribed) {
        if (!schema.hasNonNull("description") || schema.get("description").asText().isBlank()) {
            undescribed.add(path);
        }
        schema.path("properties").fields().forEachRemaining(e ->
                collectUndescribed(e.getValue(), path + "." + e.getKey(), undescribed));
        if (schema.has("items")) {
            schema.get("items").path("properties").fields().forEachRemaining(e ->
                    collectUndescribed(e.getValue(), path + "[]." + e.getKey(), undescribed));
        }
    }

    private static void collectUnboundedUnderRules(JsonNode schema, String path, boolean underRule, List<String> unbounded) {
        boolean reached = underRule || schema.has("x-kubernetes-validations");
        // the root's rule reads spec.slug only; status is written by the operator and reached by no rule
        if (path.equals("status")) {
            return;
        }
        String type = schema.path("type").asText();
        if (reached && type.equals("string") && !schema.has("maxLength") && !schema.has("enum")) {
            unbounded.add(path);
        }
        if (reached && type.equals("array") && !schema.has("maxItems")) {
            unbounded.add(path);
        }
        schema.path("properties").fields().forEachRemaining(e ->
                collectUnboundedUnderRules(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), reached, unbounded));
        if (schema.has("items")) {
            collectUnboundedUnderRules(schema.get("items"), path + "[]", reached, unbounded);
        }
    }

    private static JsonNode crd() throws IOException {
        return YAML.readTree(generated());
    }

    private static String generated() throws IOException {
        try (InputStream in = CrdSyncTest.class.getClassLoader().getResourceAsStream(CalendarCrd.RESOURCE)) {
            assertThat(in).as(CalendarCrd.RESOURCE + " on the test classpath (built in process-classes)").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
