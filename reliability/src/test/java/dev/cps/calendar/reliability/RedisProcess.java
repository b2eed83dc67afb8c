package dev.cps.calendar.reliability;

import dev.cps.calendar.testing.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The redis-server process behind a {@link RedisServer} this JVM started, for the failure that
 * is worse than a crash: a Redis that accepts connections and never answers (SIGSTOP), as a
 * stalled VM or a full-disk fsync would.
 */
final class RedisProcess {

    private final long pid;

    private RedisProcess(long pid) {
        this.pid = pid;
    }

    /** The child process of this JVM that serves {@code redis}'s port (redis-server renames itself to {@code host:port}). */
    static RedisProcess of(RedisServer redis) {
        String address = ":" + redis.port();
        return ProcessHandle.current().descendants()
                .filter(process -> commandLine(process.pid()).contains(address))
                .findFirst()
                .map(process -> new RedisProcess(process.pid()))
                .orElseThrow(() -> new IllegalStateException("no redis-server child process on port " + redis.port()));
    }

    void freeze() {
        signal("-STOP");
    }

    void thaw() {
        signal("-CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, String.valueOf(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill " + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException gone) {
            return "";
        }
    }
}
