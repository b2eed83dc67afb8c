package dev.cps.calendar.operator.reconciler;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.Phase;
import dev.cps.calendar.operator.testing.Calendars;
import dev.cps.calendar.operator.testing.OperatorHarness;
import dev.cps.calendar.testing.RedisWrites;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cps.calendar.operator.validation.Resources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the operator asks of the API server: how much a new calendar costs, that an unchanged one
 * costs nothing, and that every call stays within the RBAC the Helm chart grants.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesApiUsageTest {

    /**
     * The RBAC the Helm chart grants, as "group/resource verb" ("" is the core group), read from the
     * chart's one definition of it (templates/_rbac.tpl): the operator's calls must be a subset.
     */
    static final Set<String> GRANTED = chartGrants(false);

    private static OperatorHarness harness;

    @BeforeAll
    static void startOperator() {
        harness = OperatorHarness.start();
        harness.awaitOperatorQuiet(Duration.ofMillis(500));
    }

    @AfterAll
    static void stopOperator() {
        harness.close();
    }

    @Test
    @Order(1)
    void aNewCalendarCostsAFewRequestsUntilItIsActive() {
        harness.create(Calendars.jackAndBonnie("measured", "measured"));
        await().atMost(Duration.ofSeconds(20)).until(() -> phase("measured", "measured") == Phase.Provisioning);
        List<RecordedRequest> provisioning = harness.awaitOperatorQuiet(Duration.ofSeconds(1));
        markReady("measured", "measured");
        await().atMost(Duration.ofSeconds(20)).until(() -> phase("measured", "measured") == Phase.Active);
        List<RecordedRequest> activation = harness.awaitOperatorQuiet(Duration.ofSeconds(1));

        System.out.printf("API requests per new instance: %d until Provisioning %s, then %d until Active %s%n",
                provisioning.size(), histogram(provisioning), activation.size(), histogram(activation));
        // finalizer, 5 children (the Redis and access Secrets, Deployment, Service, Ingress), status, one Event;
        // nothing is read back with a GET (informers serve reads)
        assertThat(OperatorHarness.writes(provisioning)).hasSizeLessThanOrEqualTo(8);
        assertThat(provisioning).allMatch(r -> !r.getMethod().equals("GET"));
        assertThat(OperatorHarness.writes(activation)).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    @Order(2)
    void aResyncOfConvergedCalendarsWritesNothingToTheApiServerOrRedis() {
        harness.create(Calendars.jackAndBonnie("quiet", "steady"));
        CalendarInstance suspended = Calendars.jackAndBonnie("quiet", "sleepy");
        suspended.getSpec().setSuspended(true);
        harness.create(suspended);
        await().atMost(Duration.ofSeconds(20)).until(() -> phase("quiet", "steady") == Phase.Provisioning
                && phase("quiet", "sleepy") == Phase.Suspended);
        markReady("quiet", "steady");
        await().atMost(Duration.ofSeconds(20)).until(() -> phase("quiet", "steady") == Phase.Active);
        harness.awaitOperatorQuiet(Duration.ofSeconds(1));

        try (Jedis admin = harness.admin()) {
            RedisWrites before = RedisWrites.of(admin);
            // a new operator process reconciles every calendar once: the strongest resync there is
            harness.stopOperator();
            harness.startOperator();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> RedisWrites.of(admin).calls("acl|getuser") - before.calls("acl|getuser") >= 3);
            List<RecordedRequest> resync = harness.awaitOperatorQuiet(Duration.ofSeconds(2));

            assertThat(OperatorHarness.writes(resync)).as("writes to the API server on resync").isEmpty();
            assertThat(RedisWrites.of(admin).writesSince(before)).as("writes to Redis on resync").isZero();
            System.out.printf("resync of 3 converged calendars (one suspended): %d API requests %s, 0 writes%n", resync.size(), histogram(resync));
        }
    }

    @Test
    @Order(3)
    void everyCallTheOperatorMadeIsGrantedByTheChartsRbac() {
        harness.create(Calendars.jackAndBonnie("rbac", "audited"));
        await().atMost(Duration.ofSeconds(20)).until(() -> phase("rbac", "audited") == Phase.Provisioning);
        harness.edit("rbac", "audited", instance -> instance.getSpec().setReplicas(2));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                harness.client().apps().deployments().inNamespace("rbac").withName("audited").get().getSpec().getReplicas() == 2);
        harness.instances().inNamespace("rbac").withName("audited").delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.get("rbac", "audited") == null);

        Set<String> used = new TreeSet<>();
        for (RecordedRequest request : harness.allOperatorRequests()) {
            used.add(permissionFor(request));
        }
        System.out.println("API permissions used: " + used);
        assertThat(GRANTED).as("without a Gateway the chart grants no httproutes").noneMatch(p -> p.contains("httproutes"));
        assertThat(chartGrants(true)).contains("gateway.networking.k8s.io/httproutes watch", "gateway.networking.k8s.io/httproutes delete");
        assertThat(used).isSubsetOf(GRANTED).contains("/events create", "apps/deployments update",
                "calendar.cps.dev/calendarinstances/status patch");
    }

    private static final Pattern PATH = Pattern.compile(
            "^/(?:api/v1|apis/([^/]+)/[^/]+)(?:/namespaces/[^/]+)?/([^/?]+)(?:/([^/?]+))?(?:/([^/?]+))?(\\?.*)?$");

    /** API discovery ({@code /apis/<group>/<version>}): every authenticated user may read it (system:discovery). */
    static final String DISCOVERY = "discovery get";
    private static final Pattern DISCOVERY_PATH = Pattern.compile("^/apis?(/[^/?]+){0,2}$");

    /** "group/resource[/subresource] verb", as RBAC names what the request needs. */
    static String permissionFor(RecordedRequest request) {
        if (request.getMethod().equals("GET") && DISCOVERY_PATH.matcher(request.getPath()).matches()) {
            return DISCOVERY;
        }
        Matcher m = PATH.matcher(request.getPath());
        if (!m.matches()) {
            throw new AssertionError("unexpected path " + request.getPath());
        }
        String group = m.group(1) == null ? "" : m.group(1);
        String resource = m.group(2) + (m.group(4) == null ? "" : "/" + m.group(4));
        boolean named = m.group(3) != null;
        String query = m.group(5) == null ? "" : m.group(5);
        String verb = switch (request.getMethod()) {
            case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> request.getMethod();
        };
        return group + "/" + resource + " " + verb;
    }

    /**
     * The rule lists of the chart's RBAC helper template: YAML once the template's own lines are left
     * out. The httproutes rule (inside {@code if .Values.route.gateway.name}) counts only when
     * {@code httpRoutes}, as the chart renders it only when a Gateway is configured. Discovery is always allowed.
     */
    @SuppressWarnings("unchecked")
    static Set<String> chartGrants(boolean httpRoutes) {
        Path rbac = Resources.repoRoot().resolve("helm/calendar-operator/templates/_rbac.tpl");
        try {
            List<String> lines = new java.util.ArrayList<>();
            boolean inRoutesBlock = false;
            for (String line : Files.readAllLines(rbac)) {
                if (line.contains("if .Values.route.gateway.name")) {
                    inRoutesBlock = true;
                } else if (inRoutesBlock && line.trim().startsWith("{{- end")) {
                    inRoutesBlock = false;
                } else if ((line.startsWith("- ") || line.startsWith("  ")) && (!inRoutesBlock || httpRoutes)) {
                    lines.add(line);
                }
            }
            String rules = String.join("\n", lines);
            Set<String> granted = new TreeSet<>(Set.of(DISCOVERY));
            for (Map<String, List<String>> rule : (List<Map<String, List<String>>>) new ObjectMapper(new YAMLFactory()).readValue(rules, List.class)) {
                for (String group : rule.get("apiGroups")) {
                    for (String resource : rule.get("resources")) {
                        rule.get("verbs").forEach(verb -> granted.add(group + "/" + resource + " " + verb));
                    }
                }
            }
            return granted;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + rbac, e);
        }
    }

    private static Map<String, Integer> histogram(List<RecordedRequest> requests) {
        Map<String, Integer> counts = new TreeMap<>();
        requests.forEach(r -> counts.merge(permissionFor(r), 1, Integer::sum));
        return counts;
    }

    private static void markReady(String namespace, String name) {
        Deployment deployment = await().atMost(Duration.ofSeconds(20))
                .until(() -> harness.client().apps().deployments().inNamespace(namespace).withName(name).get(), d -> d != null);
        deployment.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).withAvailableReplicas(1).build());
        harness.client().apps().deployments().inNamespace(namespace).resource(deployment).updateStatus();
    }

    private static Phase phase(String namespace, String name) {
        CalendarInstance instance = harness.get(namespace, name);
        return instance == null || instance.getStatus() == null ? null : instance.getStatus().getPhase();
    }
}
