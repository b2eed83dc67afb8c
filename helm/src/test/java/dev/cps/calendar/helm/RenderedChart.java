package dev.cps.calendar.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** The objects `helm template` renders from the chart for one set of values, parsed. */
final class RenderedChart {

    static final Path CHART = Path.of("calendar-operator");
    static final Path VALUES = Path.of("src/test/resources/values");
    static final String RELEASE = "calendar";
    static final String NAMESPACE = "calendar-system";
    /** fullname of the release: the release name contains the chart name. */
    static final String FULLNAME = "calendar-calendar-operator";

    /** A Kubernetes version the chart supports (the embedded Helm assumes 1.20 otherwise). */
    static final String KUBE_VERSION = "1.31.0";

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String manifest;
    private final List<JsonNode> objects;

    private RenderedChart(String manifest) {
        this.manifest = manifest;
        this.objects = parseAll(manifest);
    }

    /** Renders with the chart's values.yaml only. */
    static RenderedChart withDefaults() {
        return render(template());
    }

    /** Renders with src/test/resources/values/{name}.yaml on top of values.yaml. */
    static RenderedChart with(String valuesName) {
        return render(template().withValuesFile(VALUES.resolve(valuesName + ".yaml")));
    }

    static TemplateCommand template() {
        return new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
    }

    static RenderedChart render(TemplateCommand command) {
        return new RenderedChart(command.call());
    }

    static List<JsonNode> parseAll(String yaml) {
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            List<JsonNode> documents = new ArrayList<>();
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode document = it.next();
                if (document != null && !document.isNull() && !document.isMissingNode() && document.size() > 0) {
                    documents.add(document);
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String manifest() {
        return manifest;
    }

    List<JsonNode> objects() {
        return objects;
    }

    List<JsonNode> all(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return find(kind, o -> name.equals(o.path("metadata").path("name").asText()));
    }

    Optional<JsonNode> find(String kind, Predicate<JsonNode> predicate) {
        return all(kind).stream().filter(predicate).findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(
                "no " + kind + " named " + name + " among " + objects.stream()
                        .map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText()).toList()));
    }

    /** The operator Deployment. */
    JsonNode operatorDeployment() {
        return get("Deployment", FULLNAME);
    }

    /** The operator container of the operator Deployment. */
    JsonNode operatorContainer() {
        return operatorDeployment().at("/spec/template/spec/containers/0");
    }

    /** Value of an environment variable of the operator container: its value, or null when it comes from elsewhere. */
    Optional<JsonNode> operatorEnv(String name) {
        for (JsonNode env : operatorContainer().path("env")) {
            if (name.equals(env.path("name").asText())) {
                return Optional.of(env);
            }
        }
        return Optional.empty();
    }

    String operatorEnvValue(String name) {
        return operatorEnv(name).orElseThrow(() -> new AssertionError("operator has no env " + name))
                .path("value").asText();
    }

    static ObjectNode object() {
        return YAML.createObjectNode();
    }
}
