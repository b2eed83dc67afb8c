package dev.cps.calendar.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The Argo CD and Flux examples parse and point at what this repository really holds. */
class GitOpsExamplesTest {

    static final Path REPO = Path.of("..");
    static final Path GITOPS = REPO.resolve("examples/gitops");

    @Test
    void every_yaml_file_parses_into_kubernetes_objects() throws IOException {
        List<Path> files = yamlFiles();
        assertThat(files).hasSizeGreaterThanOrEqualTo(7);
        for (Path file : files) {
            List<JsonNode> objects = RenderedChart.parseAll(Files.readString(file));
            assertThat(objects).as("%s", file).isNotEmpty().allSatisfy(object -> {
                assertThat(object.path("apiVersion").asText()).as("%s apiVersion", file).isNotBlank();
                assertThat(object.path("kind").asText()).as("%s kind", file).isNotBlank();
                assertThat(object.at("/metadata/name").asText()).as("%s metadata.name", file).isNotBlank();
            });
        }
    }

    @Test
    void argo_cd_syncs_the_chart_and_the_calendar_folder_without_invalid_and_gitops() throws IOException {
        JsonNode operator = only("argocd/application-operator.yaml");
        assertThat(operator.path("kind").asText()).isEqualTo("Application");
        assertThat(REPO.resolve(operator.at("/spec/source/path").asText()).resolve("Chart.yaml")).exists();

        JsonNode calendars = only("argocd/application-instances.yaml");
        assertThat(calendars.at("/spec/source/path").asText()).isEqualTo("examples");
        assertThat(calendars.at("/spec/source/directory/include").asText()).isEqualTo("*.yaml");
        assertThat(calendars.at("/spec/source/directory/exclude").asText()).contains("invalid/", "gitops/");
    }

    @Test
    void flux_installs_the_chart_and_waits_for_the_calendars_to_be_ready() throws IOException {
        JsonNode release = only("flux/helmrelease.yaml");
        assertThat(release.path("apiVersion").asText()).isEqualTo("helm.toolkit.fluxcd.io/v2");
        assertThat(REPO.resolve(release.at("/spec/chart/spec/chart").asText()).resolve("Chart.yaml")).exists();
        assertThat(release.at("/spec/upgrade/crds").asText()).isEqualTo("CreateReplace");

        JsonNode kustomization = only("flux/kustomization-calendars.yaml");
        assertThat(kustomization.path("apiVersion").asText()).isEqualTo("kustomize.toolkit.fluxcd.io/v1");
        assertThat(kustomization.at("/spec/wait").asBoolean()).as("wait for kstatus Ready").isTrue();
        assertThat(kustomization.at("/spec/path").asText()).isEqualTo("./examples");

        List<JsonNode> sources = RenderedChart.parseAll(Files.readString(GITOPS.resolve("flux/sources.yaml")));
        assertThat(sources).extracting(s -> s.at("/metadata/name").asText())
                .containsExactlyInAnyOrder(kustomization.at("/spec/sourceRef/name").asText(),
                        release.at("/spec/chart/spec/sourceRef/name").asText());
        JsonNode calendarSource = sources.stream()
                .filter(s -> s.at("/metadata/name").asText().equals(kustomization.at("/spec/sourceRef/name").asText()))
                .findFirst().orElseThrow();
        assertThat(calendarSource.at("/spec/ignore").asText().lines())
                .as("only examples/*.yaml, no subfolders").contains("/*", "!/examples/", "/examples/*/");
    }

    private static JsonNode only(String file) throws IOException {
        List<JsonNode> objects = RenderedChart.parseAll(Files.readString(GITOPS.resolve(file)));
        assertThat(objects).as(file).hasSize(1);
        return objects.get(0);
    }

    private static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> paths = Files.walk(GITOPS)) {
            return new ArrayList<>(paths.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted().toList());
        }
    }
}
