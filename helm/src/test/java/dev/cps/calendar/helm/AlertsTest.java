package dev.cps.calendar.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cps.calendar.helm.RenderedChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's PrometheusRule, checked by Prometheus' own tools: {@code promtool check rules}
 * accepts it, and {@code promtool test rules} (src/test/resources/promtool/alerts-test.yaml) shows
 * every alert firing when it should and staying quiet when it should not.
 */
class AlertsTest {

    static final Path UNIT_TESTS = Path.of("src/test/resources/promtool/alerts-test.yaml");
    static final Path RUNBOOK = Path.of("../docs/RUNBOOK.md");

    private static JsonNode rule;

    @BeforeAll
    static void render() {
        assertThat(Promtool.isInstalled()).as("promtool (Debian package prometheus) at %s", Promtool.BINARY).isTrue();
        rule = RenderedChart.with("production").get("PrometheusRule", FULLNAME);
    }

    @Test
    void the_rules_are_off_by_default() {
        assertThat(RenderedChart.withDefaults().all("PrometheusRule")).isEmpty();
        assertThat(rule.at("/metadata/labels/release").asText()).as("labels for the Prometheus' ruleSelector")
                .isEqualTo("kube-prometheus-stack");
    }

    @Test
    void promtool_accepts_the_rendered_rules(@TempDir Path dir) {
        Path rules = Promtool.writeRuleFile(rule, dir.resolve("rules.yaml"));

        Promtool.Run check = Promtool.run(dir, "check", "rules", rules.toString());

        assertThat(check.ok()).as(check.output()).isTrue();
        assertThat(check.output()).contains("SUCCESS: " + alerts().size() + " rules found");
    }

    @Test
    void every_alert_fires_in_promtools_unit_tests(@TempDir Path dir) throws IOException {
        Promtool.writeRuleFile(rule, dir.resolve("rules.yaml"));
        Path tests = Files.copy(UNIT_TESTS, dir.resolve("alerts-test.yaml"));

        Promtool.Run run = Promtool.run(dir, "test", "rules", tests.toString());

        assertThat(run.ok()).as(run.output()).isTrue();
        assertThat(run.output()).contains("SUCCESS");
        Set<String> firing = new TreeSet<>();
        for (JsonNode test : RenderedChart.YAML.readTree(tests.toFile()).path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                if (!check.path("exp_alerts").isEmpty()) {
                    firing.add(check.path("alertname").asText());
                }
            }
        }
        assertThat(firing).as("alerts a unit test expects to fire").containsExactlyInAnyOrderElementsOf(alerts());
    }

    @Test
    void every_alert_says_what_is_wrong_and_links_to_its_runbook_section() throws IOException {
        String runbook = Files.readString(RUNBOOK);
        for (JsonNode alert : alertRules()) {
            String name = alert.path("alert").asText();
            assertThat(alert.at("/annotations/summary").asText()).as(name).isNotBlank();
            assertThat(alert.at("/annotations/description").asText()).as(name).hasSizeGreaterThan(40);
            assertThat(alert.at("/labels/severity").asText()).as(name).isIn("warning", "critical");
            assertThat(alert.at("/annotations/runbook_url").asText()).as(name)
                    .isEqualTo("https://github.com/cps-dev/calendar-operator/blob/main/docs/RUNBOOK.md#" + name.toLowerCase(Locale.ROOT));
            assertThat(runbook).as("docs/RUNBOOK.md has a section for " + name).contains("\n## " + name + "\n");
        }
        assertThat(alerts()).containsExactlyInAnyOrder("CalendarOperatorDown", "CalendarReconcileErrors",
                "CalendarInstanceNotReady", "CalendarSlugConflict", "CalendarRedisUnavailable", "CalendarHighErrorRate");
    }

    @Test
    void the_operator_down_alert_watches_the_job_the_service_monitor_creates() {
        JsonNode down = alertRules().stream().filter(a -> a.path("alert").asText().equals("CalendarOperatorDown")).findFirst().orElseThrow();
        // a ServiceMonitor's job is the Service's name
        String service = RenderedChart.with("production").get("Service", FULLNAME + "-metrics").at("/metadata/name").asText();

        assertThat(down.path("expr").asText()).contains("job=\"" + service + "\"");
    }

    /** Metric names a rule expression reads, for the end-to-end test's "every metric exists" check. */
    static Set<String> metricNames(String promql) {
        String withoutStrings = promql.replaceAll("\"[^\"]*\"", "\"\"");
        String withoutMatchers = withoutStrings.replaceAll("\\{[^}]*}", "{}");
        String withoutGrouping = withoutMatchers.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "");
        String withoutRanges = withoutGrouping.replaceAll("\\[[^]]*]", "[]");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\()?").matcher(withoutRanges);
        while (m.find()) {
            String word = m.group(1);
            if (m.group(2) == null && !KEYWORDS.contains(word) && !word.startsWith("$")) {
                names.add(word);
            }
        }
        return names;
    }

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "bool", "offset", "inf", "nan");

    static List<JsonNode> alertRules() {
        return alertRules(rule);
    }

    /** The alerting rules of a rendered PrometheusRule, in order. */
    static List<JsonNode> alertRules(JsonNode prometheusRule) {
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode group : prometheusRule.at("/spec/groups")) {
            group.path("rules").forEach(alerts::add);
        }
        return alerts;
    }

    private static List<String> alerts() {
        return alertRules().stream().map(a -> a.path("alert").asText()).toList();
    }
}
