package dev.cps.calendar.operator.cluster;

import dev.cps.calendar.operator.customresource.Phase;
import dev.cps.calendar.operator.testing.Calendars;
import dev.cps.calendar.testing.kube.KubeControlPlane;
import dev.cps.calendar.testing.kube.KubeControlPlaneExtension;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The CRD on a real API server: accepted as generated (crds/), as the chart ships it and as the
 * chart templates it (the CEL cost budget is the server's); `kubectl explain` shows our
 * descriptions; `kubectl get cal -A` prints our columns through server-side printing.
 */
@ExtendWith(KubeControlPlaneExtension.class)
class CrdOnApiServerTest {

    private static final Path GENERATED = Path.of("../crds/calendarinstances.calendar.cps.dev-v1.yml");
    private static final Path CHART_COPY = Path.of("../helm/calendar-operator/crds/calendarinstances.calendar.cps.dev-v1.yml");
    private static ClusterOperator operator;

    @BeforeAll
    static void install(KubeControlPlane cluster) {
        operator = ClusterOperator.start(cluster, List.of("crd-a", "crd-b"), Map.of());
    }

    @AfterAll
    static void remove() {
        operator.close();
    }

    @Test
    void theGeneratedCrdTheChartsCopyAndTheTemplatedOneAreAcceptedByTheApiServer(KubeControlPlane cluster) throws Exception {
        for (Path file : List.of(GENERATED, CHART_COPY)) {
            CustomResourceDefinition crd = cluster.admin().getKubernetesSerialization()
                    .unmarshal(Files.readString(file), CustomResourceDefinition.class);
            HasMetadata accepted = cluster.admin().resource(crd).dryRun().forceConflicts().serverSideApply();
            assertThat(accepted.getMetadata().getName()).as(file.toString()).isEqualTo("calendarinstances.calendar.cps.dev");
        }
        HasMetadata templated = RenderedChart.render("templated-crd", cluster.kubernetesVersion()).objects().stream()
                .filter(o -> o instanceof CustomResourceDefinition).findFirst().orElseThrow();
        assertThat(cluster.admin().resource(templated).dryRun().forceConflicts().serverSideApply().getMetadata().getName())
                .isEqualTo("calendarinstances.calendar.cps.dev");
    }

    @Test
    void kubectlExplainShowsTheFieldDescriptions(KubeControlPlane cluster) {
        String users = await().atMost(Duration.ofSeconds(30)).until(
                () -> cluster.kubectl("explain", "calendarinstance.spec.users").out(), out -> out.contains("FIELDS"));

        assertThat(users).contains("The 2 to 4 people who book on this calendar, in legend order.")
                .contains("key").contains("The hotkey that books the selected slot for this user")
                .contains("name").contains("Name shown in the legend");
    }

    @Test
    void kubectlGetCalPrintsSlugUrlPhaseReadyPlacementAndAge(KubeControlPlane cluster) {
        operator.create(Calendars.jackAndBonnie("crd-a", "eclipse"));
        var conflicting = Calendars.jackAndBonnie("crd-b", "eclipse-too");
        conflicting.getSpec().setSlug("eclipse");
        operator.reportReady("crd-a", "eclipse", 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> operator.get("crd-a", "eclipse").getStatus(),
                s -> s != null && s.getPhase() == Phase.Active);
        operator.create(conflicting);
        await().atMost(Duration.ofSeconds(30)).until(() -> operator.get("crd-b", "eclipse-too").getStatus(),
                s -> s != null && s.getPhase() == Phase.Failed);

        List<Map<String, String>> rows = table(cluster.kubectl("get", "cal", "-A").outOrFail());

        assertThat(rows).isNotEmpty();
        assertThat(rows.get(0).keySet()).containsExactly("NAMESPACE", "NAME", "SLUG", "URL", "PHASE", "READY", "PLACEMENT", "AGE");
        assertThat(rows).anySatisfy(row -> assertThat(row).containsAllEntriesOf(Map.of("NAMESPACE", "crd-a",
                "NAME", "eclipse", "SLUG", "eclipse", "URL", "http://eclipse." + ClusterOperator.BASE_DOMAIN,
                "PHASE", "Active", "READY", "True", "PLACEMENT", "Dedicated")));
        // a resource that holds no slug shows none, and its failure
        assertThat(rows).anySatisfy(row -> assertThat(row).containsAllEntriesOf(Map.of("NAMESPACE", "crd-b",
                "NAME", "eclipse-too", "SLUG", "", "URL", "", "PHASE", "Failed", "READY", "False")));
    }

    /** kubectl's table, each row by column name (columns start where their header starts). */
    static List<Map<String, String>> table(String printed) {
        List<String> lines = printed.lines().toList();
        String header = lines.get(0);
        var starts = new java.util.ArrayList<Integer>();
        var matcher = java.util.regex.Pattern.compile("\\S+").matcher(header);
        while (matcher.find()) {
            starts.add(matcher.start());
        }
        return lines.stream().skip(1).map(line -> {
            Map<String, String> row = new java.util.LinkedHashMap<>();
            for (int i = 0; i < starts.size(); i++) {
                int from = Math.min(starts.get(i), line.length());
                int to = i + 1 < starts.size() ? Math.min(starts.get(i + 1), line.length()) : line.length();
                row.put(header.substring(starts.get(i), i + 1 < starts.size() ? starts.get(i + 1) : header.length()).trim(),
                        line.substring(from, to).trim());
            }
            return row;
        }).toList();
    }
}
