package dev.cps.calendar.local;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.Phase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.cps.calendar.local.EndToEnd.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A folder with a broken file in it: the stack starts, reports the file by name with the parser's
 * line and column, and keeps syncing every other file, those that sort after it included. A file of
 * another kind is skipped. The kubelet stand-in runs the readiness probe, so Ready follows the app.
 */
class LocalStackFolderTest {

    @TempDir
    static Path folder;
    private static LocalStack stack;
    private static EndToEnd platform;

    @BeforeAll
    static void startWithABrokenFileInTheFolder() throws Exception {
        Files.writeString(folder.resolve("a-broken.yaml"), """
                apiVersion: calendar.cps.dev/v1alpha1
                kind: CalendarInstance
                metadata:
                  name: broken
                spec:
                  title: [unclosed
                """);
        Files.writeString(folder.resolve("b-configmap.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                data: {a: b}
                """);
        stack = LocalStack.start(folder, 0);
        platform = new EndToEnd(folder, stack);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theBrokenFileIsReportedWithItsLineAndEveryOtherFileKeepsSyncing() {
        assertThat(stack.refusals()).containsKey(folder.resolve("a-broken.yaml"));
        assertThat(String.join("; ", stack.refusals().get(folder.resolve("a-broken.yaml"))))
                .contains("not a valid CalendarInstance YAML at line ").contains(", column ");
        assertThat(stack.refusals()).as("a ConfigMap is skipped, not refused").doesNotContainKey(folder.resolve("b-configmap.yaml"));

        platform.write("c-after-the-broken-one", """
                apiVersion: calendar.cps.dev/v1alpha1
                kind: CalendarInstance
                metadata:
                  name: c-after-the-broken-one
                spec:
                  title: After
                  users: [{name: Jack, key: j}, {name: Bonnie, key: b}]
                """);
        platform.awaitPhase("c-after-the-broken-one", Phase.Active);

        platform.write("a-broken", """
                apiVersion: calendar.cps.dev/v1alpha1
                kind: CalendarInstance
                metadata:
                  name: broken
                spec:
                  title: Mended
                  users: [{name: Jack, key: j}, {name: Bonnie, key: b}]
                """);
        eventually().until(() -> stack.client().resources(CalendarInstance.class).inNamespace(EndToEnd.NAMESPACE)
                .withName("broken").get() != null);
        assertThat(stack.refusals()).doesNotContainKey(folder.resolve("a-broken.yaml"));
    }

    @Test
    void readyFollowsTheAppsReadinessProbeWhenRedisGoesAndComesBack() {
        platform.write("probed", """
                apiVersion: calendar.cps.dev/v1alpha1
                kind: CalendarInstance
                metadata:
                  name: probed
                spec:
                  title: Probed
                  users: [{name: Jack, key: j}, {name: Bonnie, key: b}]
                """);
        platform.awaitPhase("probed", Phase.Active);

        stack.killRedis();
        eventually().until(() -> {
            var instance = platform.instance("probed");
            return instance.getStatus().getReadyReplicas() == 0 && EndToEnd.readyStatus(instance).equals("False");
        });
        assertThat(platform.deployment("probed").getStatus().getReadyReplicas()).isZero();

        stack.restartRedis();
        platform.awaitPhase("probed", Phase.Active);
        assertThat(platform.deployment("probed").getStatus().getReadyReplicas()).isEqualTo(1);
    }

    @Test
    void theAppsListenOnLoopbackOnly() throws Exception {
        platform.write("private-ports", """
                apiVersion: calendar.cps.dev/v1alpha1
                kind: CalendarInstance
                metadata:
                  name: private-ports
                spec:
                  title: Private
                  users: [{name: Jack, key: j}, {name: Bonnie, key: b}]
                """);
        platform.awaitPhase("private-ports", Phase.Active);
        int port = stack.appPorts(EndToEnd.NAMESPACE, "private-ports").get(0);
        int metricsPort = stack.appMetricsPorts(EndToEnd.NAMESPACE, "private-ports").get(0);

        // the kernel's own table of listening sockets: no connection to any other address is needed
        assertThat(listeningAddresses(port)).as("the app's port").containsExactly("127.0.0.1");
        assertThat(listeningAddresses(metricsPort)).as("the app's metrics port").containsExactly("127.0.0.1");
    }

    /** The addresses a TCP port listens on, from /proc/net/tcp and tcp6 (0.0.0.0 or :: is every interface). */
    private static java.util.Set<String> listeningAddresses(int port) throws java.io.IOException {
        java.util.Set<String> addresses = new java.util.TreeSet<>();
        for (String table : java.util.List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table)).stream().skip(1).toList()) {
                String[] fields = line.trim().split("\\s+");
                String[] local = fields[1].split(":");
                if (Integer.parseInt(local[1], 16) == port && fields[3].equals("0A")) { // 0A: LISTEN
                    // 127.0.0.1, also as IPv6 maps it (::ffff:127.0.0.1); all zeros is 0.0.0.0 or ::
                    addresses.add(local[0].endsWith("0100007F") && local[0].matches("(0{16}FFFF0000)?0100007F") ? "127.0.0.1"
                            : local[0].matches("0+") ? "every interface" : local[0]);
                }
            }
        }
        return addresses;
    }
}
