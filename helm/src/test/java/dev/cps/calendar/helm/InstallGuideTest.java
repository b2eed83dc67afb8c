package dev.cps.calendar.helm;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's install guide names only files that exist and values the chart has. */
class InstallGuideTest {

    static final Path README = Path.of("..", "README.md");
    static final Pattern REPO_PATH = Pattern.compile(
            "(?<![\\w./-])((?:helm|examples|operator|instance-app|local-stack|crds|docs|bench)/[\\w./-]*[\\w/])");
    static final Pattern VALUE_ROW = Pattern.compile("(?m)^\\| `([a-zA-Z.]+)`");

    @Test
    void every_file_and_folder_it_names_exists() throws IOException {
        String guide = Files.readString(README);
        List<String> named = new ArrayList<>();
        Matcher matcher = REPO_PATH.matcher(guide);
        while (matcher.find()) {
            named.add(matcher.group(1));
        }

        assertThat(named).contains("helm/calendar-operator", "examples/gitops/argocd/argocd-cm-health.yaml",
                "operator/Dockerfile", "instance-app/Dockerfile");
        // build outputs (…/target/…) exist only after a build: the commands that make them are in the README too
        assertThat(named).filteredOn(path -> !path.contains("/target/"))
                .allSatisfy(path -> assertThat(Path.of("..", path)).as(path).exists());
    }

    @Test
    void every_value_in_its_table_is_a_value_of_the_chart() throws IOException {
        var values = RenderedChart.YAML.readTree(RenderedChart.CHART.resolve("values.yaml").toFile());
        Matcher row = VALUE_ROW.matcher(valuesTable());
        int rows = 0;
        while (row.find()) {
            rows++;
            String key = row.group(1);
            assertThat(values.at("/" + key.replace('.', '/')).isMissingNode()).as("value %s", key).isFalse();
        }
        assertThat(rows).isGreaterThan(25);
    }

    /** The chart's values table: from the "Values" heading to the next heading. */
    private static String valuesTable() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("#### Values");
        assertThat(start).as("a Values section in the README").isNotNegative();
        int end = readme.indexOf("\n#", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }
}
