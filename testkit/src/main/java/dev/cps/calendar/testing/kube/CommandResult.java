package dev.cps.calendar.testing.kube;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** What a command (kubectl, kstatus) printed, and its exit code. */
public record CommandResult(int exitCode, String out, String err) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The output, or an error that shows what the command said. */
    public String outOrFail() {
        if (!succeeded()) {
            throw new AssertionError("exit " + exitCode + ": " + err + out);
        }
        return out;
    }

    /** Runs {@code command} (at most a minute) with {@code stdin} (null: none) and collects what it printed. */
    public static CommandResult of(List<String> command, String stdin) {
        try {
            Process process = new ProcessBuilder(command).start();
            var out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            var err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            return new CommandResult(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
