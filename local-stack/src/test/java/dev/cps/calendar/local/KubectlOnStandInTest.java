package dev.cps.calendar.local;

import dev.cps.calendar.testing.kube.CommandResult;
import dev.cps.calendar.testing.kube.Kubectl;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static dev.cps.calendar.local.EndToEnd.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real kubectl (the test kit's control-plane build) against the local stack's stand-in API, with
 * the kubeconfig the stack's log names: get (the CRD's printer columns), describe (with the
 * operator's Events), wait, apply and delete of CalendarInstances, Secrets, Deployments and Events.
 * Discovery answers discovery documents and never the stored objects.
 */
class KubectlOnStandInTest {

    @TempDir
    static Path folder;
    private static LocalStack stack;

    @BeforeAll
    static void startWithOneCalendar() throws Exception {
        Files.writeString(folder.resolve("kubectl-demo.yaml"), """
                apiVersion: calendar.cps.dev/v1alpha1
                kind: CalendarInstance
                metadata:
                  name: kubectl-demo
                spec:
                  title: Kubectl Demo
                  users: [{name: Jack, key: j}, {name: Bonnie, key: b}]
                """);
        stack = LocalStack.start(folder, 0);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static CommandResult kubectl(String... args) {
        return Kubectl.run(stack.kubeconfig(), args);
    }

    @Test
    void getCalPrintsTheCrdsColumnsAndWaitSeesReady() {
        assertThat(kubectl("wait", "--for=condition=Ready", "cal/kubectl-demo", "--timeout=90s").outOrFail())
                .contains("calendarinstance.calendar.cps.dev/kubectl-demo condition met");

        List<String> lines = kubectl("get", "cal").outOrFail().lines().toList();
        assertThat(lines.get(0).split("\\s+")).containsExactly("NAME", "SLUG", "URL", "PHASE", "READY", "PLACEMENT", "AGE");
        assertThat(lines).anySatisfy(line -> assertThat(line.split("\\s+")).startsWith("kubectl-demo", "kubectl-demo",
                stack.urlOf("kubectl-demo").replaceAll("/$", ""), "Active", "True"));
        assertThat(kubectl("get", "calendarinstances", "-A").outOrFail()).startsWith("NAMESPACE").contains("default", "kubectl-demo");
    }

    @Test
    void describeShowsTheOperatorsEvents() {
        kubectl("wait", "--for=condition=Ready", "cal/kubectl-demo", "--timeout=90s").outOrFail();
        eventually().untilAsserted(() -> assertThat(kubectl("describe", "cal", "kubectl-demo").outOrFail())
                .contains("Name:", "kubectl-demo", "Events:", "Available"));
        assertThat(kubectl("get", "events").outOrFail()).contains("LAST SEEN", "REASON", "Available", "kubectl-demo");
    }

    @Test
    void secretsAndDeploymentsAreListedAndApplied() {
        eventually().untilAsserted(() -> assertThat(kubectl("get", "deployments").outOrFail()).contains("kubectl-demo"));
        assertThat(kubectl("get", "secrets").outOrFail()).contains("kubectl-demo");

        String secret = """
                apiVersion: v1
                kind: Secret
                metadata: {name: applied-by-kubectl}
                stringData: {passcode: %s}
                """;
        assertThat(Kubectl.withInput(stack.kubeconfig(), secret.formatted("first"), "apply", "-f", "-").outOrFail())
                .contains("secret/applied-by-kubectl created");
        assertThat(Kubectl.withInput(stack.kubeconfig(), secret.formatted("second"), "apply", "-f", "-").outOrFail())
                .contains("secret/applied-by-kubectl configured");
        Secret stored = stack.client().secrets().inNamespace("default").withName("applied-by-kubectl").get();
        String passcode = stored.getStringData() != null && stored.getStringData().containsKey("passcode")
                ? stored.getStringData().get("passcode")
                : new String(Base64.getDecoder().decode(stored.getData().get("passcode")));
        assertThat(passcode).isEqualTo("second");
        assertThat(kubectl("delete", "secret", "applied-by-kubectl").outOrFail()).contains("deleted");
        assertThat(stack.client().secrets().inNamespace("default").withName("applied-by-kubectl").get()).isNull();
    }

    @Test
    void aCalendarAppliedAndDeletedWithKubectlComesAndGoes() {
        String calendar = """
                apiVersion: calendar.cps.dev/v1alpha1
                kind: CalendarInstance
                metadata: {name: from-kubectl}
                spec:
                  title: %s
                  users: [{name: Jack, key: j}, {name: Bonnie, key: b}]
                """;
        assertThat(Kubectl.withInput(stack.kubeconfig(), calendar.formatted("First"), "apply", "-f", "-").outOrFail())
                .contains("calendarinstance.calendar.cps.dev/from-kubectl created");
        assertThat(Kubectl.withInput(stack.kubeconfig(), calendar.formatted("Second"), "apply", "-f", "-").outOrFail())
                .contains("calendarinstance.calendar.cps.dev/from-kubectl configured");
        assertThat(kubectl("get", "cal", "from-kubectl", "-o", "jsonpath={.spec.title}").outOrFail()).isEqualTo("Second");
        eventually().untilAsserted(() -> assertThat(kubectl("get", "deployment", "from-kubectl").succeeded()).isTrue());

        assertThat(kubectl("delete", "cal", "from-kubectl", "--timeout=60s").outOrFail()).contains("deleted");
        eventually().untilAsserted(() -> assertThat(kubectl("get", "deployment", "from-kubectl").err()).contains("NotFound"));
    }

    @Test
    void discoveryAnswersDocumentsAndNeverTheStoredObjects() throws Exception {
        eventually().untilAsserted(() -> assertThat(kubectl("get", "secrets").outOrFail()).contains("kubectl-demo"));
        String api = stack.client().getMasterUrl().toString().replaceAll("/$", "");
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/api", "/apis", "/version", "/openapi/v2", "/openapi/v3", "/api/v1", "/apis/calendar.cps.dev/v1alpha1")) {
            String body = http.send(HttpRequest.newBuilder(URI.create(api + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(body).as(path).doesNotContain("\"kind\":\"SecretList\"", "\"data\"", "kubectl-demo", "\"items\"");
        }
        assertThat(kubectl("api-resources").outOrFail()).contains("calendarinstances", "cal", "calendar.cps.dev/v1alpha1", "secrets");
        assertThat(kubectl("version").out()).contains("Server Version: " + "v1.34.0-stand-in");
    }
}
