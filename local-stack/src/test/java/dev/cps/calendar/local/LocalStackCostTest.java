package dev.cps.calendar.local;

import dev.cps.calendar.operator.customresource.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one more calendar costs the stack's process in threads: its apps share one Jetty pool and
 * one set of timers ({@code AppThreads.shared}), and the operator runs with few reconcile threads;
 * what is left per calendar is its change-feed reader, its server's acceptor and scheduler, and the
 * metrics server. (Each app used to bring a pool of eight and three timers: about 19 threads a
 * calendar in this test.)
 */
class LocalStackCostTest {

    private static final int MORE = 5;
    /** About 5 are the calendar's own; the rest is the frameworks' cached pools (idle ones end after a minute). */
    private static final int THREADS_PER_CALENDAR = 12;

    @Test
    void aCalendarCostsAFewThreadsNotAPoolOfItsOwn(@TempDir Path folder) throws Exception {
        try (LocalStack stack = LocalStack.start(folder, 0)) {
            EndToEnd platform = new EndToEnd(folder, stack);
            platform.write("first", calendar("first"));
            platform.awaitPhase("first", Phase.Active);
            int before = threads();

            for (int i = 1; i <= MORE; i++) {
                platform.write("more-" + i, calendar("more-" + i));
            }
            for (int i = 1; i <= MORE; i++) {
                platform.awaitPhase("more-" + i, Phase.Active);
            }
            int after = threads();

            System.out.printf("threads: %d with one calendar, %d with %d more: %.1f per calendar; by name: %s%n",
                    before, after, MORE, (after - before) / (double) MORE, byName());
            assertThat(after - before).isLessThanOrEqualTo(MORE * THREADS_PER_CALENDAR);
        }
    }

    private static java.util.Map<String, Long> byName() {
        return Thread.getAllStackTraces().keySet().stream().collect(java.util.stream.Collectors.groupingBy(
                t -> t.getName().replaceAll("\\d+", "N"), java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static String calendar(String name) {
        return """
                apiVersion: calendar.cps.dev/v1alpha1
                kind: CalendarInstance
                metadata:
                  name: %s
                spec:
                  title: Team %s
                  users:
                    - {name: Jack, key: j}
                    - {name: Bonnie, key: b}
                """.formatted(name, name);
    }
}
