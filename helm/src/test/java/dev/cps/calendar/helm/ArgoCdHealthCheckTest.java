package dev.cps.calendar.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the Argo CD health script from examples/gitops/argocd on CalendarInstances
 * the way Argo CD does: the resource as the global `obj`, the script's returned
 * table as {status, message}.
 */
class ArgoCdHealthCheckTest {

    static final Path ARGOCD_CM = Path.of("..", "examples", "gitops", "argocd", "argocd-cm-health.yaml");
    static final String KEY = "resource.customizations.health.calendar.cps.dev_CalendarInstance";

    record Health(String status, String message) {
    }

    @Test
    void ready_and_up_to_date_is_healthy() {
        Health health = check("""
                metadata: {name: eclipse-financial, generation: 3}
                status:
                  observedGeneration: 3
                  phase: Active
                  url: https://eclipse-financial.calendar.example.com
                  readyReplicas: 1
                  conditions:
                    - {type: Ready, status: "True", reason: Available, message: The calendar answers, observedGeneration: 3}
                    - {type: Reconciling, status: "False", reason: Reconciled, observedGeneration: 3}
                    - {type: Stalled, status: "False", reason: Reconciled, observedGeneration: 3}
                """);

        assertThat(health).isEqualTo(new Health("Healthy", "Serving https://eclipse-financial.calendar.example.com"));
    }

    @Test
    void a_new_resource_without_status_is_progressing() {
        assertThat(check("metadata: {name: new-team, generation: 1}").status()).isEqualTo("Progressing");
    }

    @Test
    void an_edit_the_operator_has_not_seen_yet_is_progressing_even_if_ready() {
        Health health = check("""
                metadata: {name: eclipse-financial, generation: 4}
                status:
                  observedGeneration: 3
                  phase: Active
                  conditions:
                    - {type: Ready, status: "True", reason: Available, observedGeneration: 3}
                """);

        assertThat(health.status()).isEqualTo("Progressing");
        assertThat(health.message()).contains("generation 4");
    }

    @Test
    void reconciling_is_progressing() {
        Health health = check("""
                metadata: {name: eclipse-financial, generation: 2}
                status:
                  observedGeneration: 2
                  phase: Provisioning
                  conditions:
                    - {type: Ready, status: "False", reason: Provisioning, observedGeneration: 2}
                    - {type: Reconciling, status: "True", reason: RolloutInProgress, message: 0 of 1 replicas ready, observedGeneration: 2}
                """);

        assertThat(health).isEqualTo(new Health("Progressing", "0 of 1 replicas ready"));
    }

    @Test
    void stalled_is_degraded_with_the_operators_message() {
        Health health = check("""
                metadata: {name: eclipse-financial, generation: 2}
                status:
                  observedGeneration: 2
                  phase: Failed
                  conditions:
                    - {type: Ready, status: "False", reason: RedisUnavailable, observedGeneration: 2}
                    - {type: Stalled, status: "True", reason: RedisUnavailable, message: "Redis at redis:6379 refused the admin login", observedGeneration: 2}
                """);

        assertThat(health).isEqualTo(new Health("Degraded", "Redis at redis:6379 refused the admin login"));
    }

    @Test
    void a_slug_taken_by_another_calendar_is_degraded() {
        Health health = check("""
                metadata: {name: eclipse-copy, generation: 1}
                status:
                  observedGeneration: 1
                  phase: Degraded
                  conditions:
                    - {type: Ready, status: "False", reason: SlugConflict, message: "slug eclipse-financial belongs to team-a/eclipse-financial", observedGeneration: 1}
                """);

        assertThat(health).isEqualTo(new Health("Degraded", "slug eclipse-financial belongs to team-a/eclipse-financial"));
    }

    @Test
    void a_suspended_calendar_is_suspended() {
        Health health = check("""
                metadata: {name: eclipse-financial, generation: 5}
                status:
                  observedGeneration: 5
                  phase: Suspended
                  readyReplicas: 0
                  conditions:
                    - {type: Ready, status: "False", reason: Suspended, observedGeneration: 5}
                """);

        assertThat(health.status()).isEqualTo("Suspended");
    }

    @Test
    void failed_without_conditions_is_degraded() {
        Health health = check("""
                metadata: {name: eclipse-financial, generation: 1}
                status: {observedGeneration: 1, phase: Failed}
                """);

        assertThat(health.status()).isEqualTo("Degraded");
    }

    private static Health check(String resourceYaml) {
        JsonNode resource = parse("apiVersion: calendar.cps.dev/v1alpha1\nkind: CalendarInstance\n" + resourceYaml);
        Globals globals = JsePlatform.standardGlobals();
        globals.set("obj", toLua(resource));
        LuaValue result = globals.load(script(), KEY).call();
        assertThat(result.istable()).as("the script returns a table").isTrue();
        return new Health(result.get("status").tojstring(), result.get("message").optjstring(null));
    }

    private static String script() {
        try {
            JsonNode configMap = RenderedChart.YAML.readTree(ARGOCD_CM.toFile());
            assertThat(configMap.at("/metadata/name").asText()).isEqualTo("argocd-cm");
            String lua = configMap.path("data").path(KEY).asText();
            assertThat(lua).as("%s in %s", KEY, ARGOCD_CM).isNotBlank();
            return lua;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode parse(String yaml) {
        return RenderedChart.parseAll(yaml).get(0);
    }

    /** JSON as Argo CD hands it to Lua: objects and arrays as tables (arrays 1-based), numbers as numbers. */
    static LuaValue toLua(JsonNode node) {
        if (node.isObject()) {
            LuaTable table = new LuaTable();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                table.set(field.getKey(), toLua(field.getValue()));
            }
            return table;
        }
        if (node.isArray()) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < node.size(); i++) {
                table.set(i + 1, toLua(node.get(i)));
            }
            return table;
        }
        if (node.isIntegralNumber()) {
            return LuaValue.valueOf(node.asLong());
        }
        if (node.isNumber()) {
            return LuaValue.valueOf(node.asDouble());
        }
        if (node.isBoolean()) {
            return LuaValue.valueOf(node.asBoolean());
        }
        if (node.isNull()) {
            return LuaValue.NIL;
        }
        return LuaValue.valueOf(node.asText());
    }
}
