package dev.cps.calendar.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stack as a user runs it, a process of its own: SIGTERM (what Ctrl-C, systemd or a terminal
 * closing send) stops it in order and leaves no redis-server behind; the redis-server of a run that
 * was killed (SIGKILL, nothing can run then) is stopped by the next run.
 */
class LocalStackProcessTest {

    private static final Pattern REDIS_PORT = Pattern.compile("redis-server on redis://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void sigtermStopsTheStackAndItsRedisCleanly(@TempDir Path folder) throws Exception {
        writeCalendar(folder);
        Path log = folder.resolve("stack.log");
        Process stack = start(folder, log);
        try {
            int redisPort = awaitActive(log);

            stack.destroy(); // SIGTERM

            assertThat(stack.waitFor(60, TimeUnit.SECONDS)).as("the stack ends by itself").isTrue();
            assertThat(stack.exitValue()).isZero();
            assertThat(EndToEnd.accepts(redisPort)).as("its redis-server stopped with it").isFalse();
            String output = Files.readString(log);
            assertThat(output).as("stopped in order: no part fails under another one").doesNotContain("Exception")
                    .doesNotContain("Redis is unreachable");
        } finally {
            stack.destroyForcibly();
        }
    }

    @Test
    void theRedisOfAKilledRunIsStoppedByTheNextRun(@TempDir Path folder) throws Exception {
        writeCalendar(folder);
        Path firstLog = folder.resolve("first.log");
        Process first = start(folder, firstLog);
        int leftPort;
        try {
            leftPort = awaitActive(firstLog);
        } finally {
            first.destroyForcibly().waitFor(); // SIGKILL: no hook, no signal handler runs
        }
        assertThat(EndToEnd.accepts(leftPort)).as("a killed JVM cannot stop its redis-server").isTrue();

        Path secondLog = folder.resolve("second.log");
        Process second = start(folder, secondLog);
        try {
            awaitActive(secondLog);
            assertThat(Files.readString(secondLog)).contains("left running by a local stack that was killed");
            assertThat(EndToEnd.accepts(leftPort)).isFalse();
        } finally {
            second.destroy();
            second.waitFor(60, TimeUnit.SECONDS);
            second.destroyForcibly();
        }
    }

    /** The stack's main class on this test's classpath, in this module's directory (where it keeps target/redis). */
    private static Process start(Path folder, Path log) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LocalStack.class.getName(), folder.toString(), "--port", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** @return the port of the stack's redis-server, once the calendar is Active */
    private static int awaitActive(Path log) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            String output = Files.readString(log);
            Matcher redis = REDIS_PORT.matcher(output);
            return redis.find() && output.contains("Active") ? Integer.parseInt(redis.group(1)) : null;
        }, port -> port != null);
    }

    private static void writeCalendar(Path folder) throws IOException {
        Files.writeString(folder.resolve("solo.yaml"), """
                apiVersion: calendar.cps.dev/v1alpha1
                kind: CalendarInstance
                metadata:
                  name: solo
                spec:
                  title: Solo
                  users:
                    - {name: Jack, key: j}
                    - {name: Bonnie, key: b}
                """);
    }
}
