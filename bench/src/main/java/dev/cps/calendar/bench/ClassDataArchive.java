package dev.cps.calendar.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The app's class data archive, made as instance-app/Dockerfile makes it: one run in in-memory demo
 * mode with {@code -XX:ArchiveClassesAtExit}, ended by TERM.
 */
final class ClassDataArchive {

    static final Path FILE = Path.of("bench", "target", "instance-app.jsa").toAbsolutePath();

    private ClassDataArchive() {
    }

    static void make(Path appJar) throws Exception {
        Files.deleteIfExists(FILE);
        List<String> flags = new java.util.ArrayList<>(AppProcess.PRODUCTION_JVM_FLAGS.stream()
                .filter(flag -> !flag.startsWith("-XX:SharedArchiveFile")).toList());
        flags.add("-XX:ArchiveClassesAtExit=" + FILE);
        try (AppProcess training = AppProcess.start(appJar, flags, Map.of())) {
            // started and healthy: every class of the start path is loaded; closing sends TERM
        }
        if (!Files.exists(FILE) || Files.size(FILE) == 0) {
            throw new IllegalStateException("no class data archive at " + FILE);
        }
    }
}
