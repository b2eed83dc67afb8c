package dev.cps.calendar.helm;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's {@code promtool} (package prometheus), run on rule files the chart renders. */
final class Promtool {

    static final Path BINARY = Path.of("/usr/bin/promtool");

    /** What a run printed, and how it ended. */
    record Run(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private Promtool() {
    }

    static boolean isInstalled() {
        return Files.isExecutable(BINARY);
    }

    /** The PrometheusRule's {@code spec.groups} as a Prometheus rule file: {@code groups: [...]}. */
    static Path writeRuleFile(JsonNode prometheusRule, Path file) {
        try {
            Files.writeString(file, RenderedChart.YAML.writeValueAsString(
                    RenderedChart.object().set("groups", prometheusRule.at("/spec/groups"))));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Run run(Path workingDirectory, String... args) {
        List<String> command = new ArrayList<>(List.of(BINARY.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("promtool " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
