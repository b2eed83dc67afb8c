package dev.cps.calendar.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cps.calendar.local.LocalStack;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.testing.RedisServer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.cps.calendar.helm.RenderedChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The chart's alerts and dashboard against the real thing: a real {@code prometheus} server (1 s
 * scrapes, loopback, temporary folder) scrapes the local stack's operator and calendar apps on
 * their metrics ports and evaluates the rendered PrometheusRule (with short {@code for:} so the
 * test waits seconds, not minutes). Every metric the rules and the dashboard read exists in a
 * scrape; an invalid calendar raises CalendarInstanceNotReady; killing Redis raises
 * CalendarRedisUnavailable.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MonitoringEndToEndTest {

    static final String NAMESPACE = "default";
    static final String OPERATOR_JOB = FULLNAME + "-metrics";
    static final List<String> CALENDARS = List.of("eclipse-financial", "harbour-dental");
    /** Alerts whose {@code for:} the test shortens, and to what. */
    static final Map<String, String> SHORT_FOR = Map.of("CalendarInstanceNotReady", "2s", "CalendarRedisUnavailable", "2s");

    @TempDir
    static Path dir;
    static Path instances;
    static LocalStack stack;
    static PrometheusServer prometheus;
    static JsonNode rule;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startStackAndPrometheus() throws Exception {
        assumeThat(RedisServer.isAvailable()).as("redis-server on PATH").isTrue();
        assertThat(PrometheusServer.isInstalled()).as("prometheus (Debian package) at %s", PrometheusServer.BINARY).isTrue();
        instances = Files.createDirectories(dir.resolve("instances"));
        for (String calendar : CALENDARS) {
            Files.copy(Path.of("../examples", calendar + ".yaml"), instances.resolve(calendar + ".yaml"));
        }
        stack = LocalStack.start(instances, 0);
        for (String calendar : CALENDARS) {
            eventually().until(() -> isReady(calendar));
        }
        // Jack signs in with the calendar's passcode and books, so the booking series exist
        int app = stack.appPorts(NAMESPACE, "eclipse-financial").get(0);
        String passcode = eventually().until(() -> stack.passcodeOf(NAMESPACE, "eclipse-financial"),
                java.util.Optional::isPresent).orElseThrow();
        String session = post(app, "/api/session", "{\"passcode\":\"" + passcode + "\"}", null, 200)
                .headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        post(app, "/api/bookings",
                "{\"date\":\"" + LocalDate.now().plusDays(1) + "\",\"time\":\"10:00\",\"user\":\"Jack\",\"duration\":1}",
                session, 201);

        rule = RenderedChart.with("production").get("PrometheusRule", FULLNAME);
        for (JsonNode alert : AlertsTest.alertRules(rule)) {
            String shorter = SHORT_FOR.get(alert.path("alert").asText());
            if (shorter != null) {
                ((ObjectNode) alert).put("for", shorter);
            }
        }
        Promtool.writeRuleFile(rule, dir.resolve("rules.yaml"));
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files: [rules.yaml]
                scrape_configs:
                  - job_name: %s
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: calendar-instance
                    static_configs: [{targets: [%s]}]
                """.formatted(OPERATOR_JOB, stack.operatorProbePort(), CALENDARS.stream()
                .flatMap(c -> stack.appMetricsPorts(NAMESPACE, c).stream())
                .map(port -> "'127.0.0.1:" + port + "'").collect(Collectors.joining(", "))));
        prometheus = PrometheusServer.start(dir);
        eventually().until(() -> prometheus.query("up == 1").size() == 1 + CALENDARS.size());
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void prometheus_loads_every_rule_and_nothing_fires_while_all_is_well() {
        JsonNode groups = prometheus.api("rules").path("groups");
        List<String> loaded = new ArrayList<>();
        groups.forEach(group -> group.path("rules").forEach(r -> {
            loaded.add(r.path("name").asText());
            assertThat(r.path("health").asText()).as(r.path("name").asText() + ": " + r.path("lastError").asText()).isIn("ok", "unknown");
        }));
        assertThat(loaded).hasSize(AlertsTest.alertRules(rule).size());

        eventually().until(() -> prometheus.query("calendar_instance_ready").size() == CALENDARS.size());
        assertThat(prometheus.query("calendar_instance_ready == 0")).isEmpty();
        assertThat(prometheus.isFiring("CalendarInstanceNotReady")).isFalse();
        assertThat(prometheus.isFiring("CalendarRedisUnavailable")).isFalse();
        assertThat(prometheus.isFiring("CalendarOperatorDown")).isFalse();
    }

    @Test
    @Order(2)
    void an_invalid_calendar_raises_the_not_ready_alert() throws Exception {
        Files.writeString(instances.resolve("lost-in-space.yaml"), """
                apiVersion: calendar.cps.dev/v1alpha1
                kind: CalendarInstance
                metadata:
                  name: lost-in-space
                spec:
                  title: Lost in Space
                  timezone: Mars/Olympus_Mons
                  users:
                    - {name: Jack, key: j}
                    - {name: Bonnie, key: b}
                """);

        eventually().until(() -> prometheus.isFiring("CalendarInstanceNotReady"));
        JsonNode series = prometheus.query("ALERTS{alertname=\"CalendarInstanceNotReady\", alertstate=\"firing\"}");
        assertThat(series).singleElement().satisfies(alert -> {
            assertThat(alert.at("/metric/resource_name").asText()).isEqualTo("lost-in-space");
            assertThat(alert.at("/metric/reason").asText()).isEqualTo("InvalidSpec");
        });
    }

    @Test
    @Order(3)
    void killing_redis_raises_the_redis_unavailable_alert_for_every_calendar() throws Exception {
        stack.killRedis();
        // an edit the operator cannot apply without Redis: its reconcile fails and is counted
        Path file = instances.resolve("harbour-dental.yaml");
        Files.writeString(file, Files.readString(file).replaceFirst("(?m)^(  title: .*)$", "$1 (edited)"));

        eventually().until(() -> prometheus.isFiring("CalendarRedisUnavailable"));
        eventually().until(() -> prometheus.query("ALERTS{alertname=\"CalendarRedisUnavailable\", alertstate=\"firing\"}").size()
                == CALENDARS.size());
        eventually().until(() -> !prometheus.query("operator_sdk_reconciliations_failed_total").isEmpty());
    }

    @Test
    @Order(4)
    void every_metric_the_rules_and_the_dashboard_read_exists_in_a_scrape() throws Exception {
        Set<String> names = new TreeSet<>();
        AlertsTest.alertRules(rule).forEach(alert -> names.addAll(AlertsTest.metricNames(alert.path("expr").asText())));
        names.addAll(MonitoringTest.dashboardMetricNames(RenderedChart.with("production")));
        assertThat(names).contains("up", "calendar_instance_ready", "calendar_storage_up", "operator_sdk_reconciliations_failed_total",
                "http_server_requests_seconds_count", "calendar_booking_changes_total");

        Set<String> missing = new TreeSet<>();
        for (String name : names) {
            if (prometheus.query("count({__name__=\"" + name + "\"})").isEmpty()) {
                missing.add(name);
            }
        }
        assertThat(missing).as("metrics named in the rules or the dashboard that no scrape has").isEmpty();
    }

    private static boolean isReady(String name) {
        CalendarInstance instance = stack.client().resources(CalendarInstance.class).inNamespace(NAMESPACE).withName(name).get();
        return instance != null && instance.getStatus() != null && instance.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    private static HttpResponse<String> post(int port, String path, String json, String cookie, int expected) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(expected);
        return answer;
    }

    private static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions();
    }
}
