package dev.cps.calendar.local;

import dev.cps.calendar.operator.customresource.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl-C leaves nothing behind: no open port of the router, the apps, Redis or the stand-in API server. */
class LocalStackShutdownTest {

    @Test
    void closingTheStackClosesEveryPortItOpened(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("short-lived.yaml"), """
                apiVersion: calendar.cps.dev/v1alpha1
                kind: CalendarInstance
                metadata:
                  name: short-lived
                spec:
                  title: Short Lived
                  users:
                    - {name: Jack, key: j}
                    - {name: Bonnie, key: b}
                """);
        LocalStack stack = LocalStack.start(folder, 0);
        List<Integer> ports = new ArrayList<>();
        try {
            EndToEnd platform = new EndToEnd(folder, stack);
            platform.awaitPhase("short-lived", Phase.Active);
            assertThat(platform.pageStatus("short-lived")).isEqualTo(200);
            ports.add(stack.port());
            ports.addAll(stack.appPorts(EndToEnd.NAMESPACE, "short-lived"));
            ports.add(URI.create(stack.redisAdminUrl()).getPort());
            ports.add(stack.client().getMasterUrl().getPort());
            assertThat(ports).hasSize(4).allMatch(EndToEnd::accepts);
        } finally {
            stack.close();
        }
        EndToEnd.eventually().untilAsserted(() -> assertThat(ports).noneMatch(EndToEnd::accepts));
    }
}
