package dev.cps.calendar.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A JVM the app runs on, as an image runs it, with its start cache made the way the image makes it
 * (one run of the app in in-memory demo mode, ended by TERM). Two are compared side by side:
 * <ul>
 *   <li>{@link #java17}: the image before: Java 17 with an application class data archive;</li>
 *   <li>{@link #java25}: instance-app/Dockerfile now: Java 25 with an ahead-of-time cache (JEP 483/514/515)
 *       and compact object headers (JEP 519); its flags are read from the Dockerfile itself.</li>
 * </ul>
 * Both get {@code -XX:MaxRAM=192m}, what the chart's container limit tells the JVM in a pod: without it
 * the JVM sizes itself from this machine's memory.
 */
record AppRuntime(String name, Path java, List<String> flags) {

    static final String CONTAINER_LIMIT = "-XX:MaxRAM=192m";
    static final Path DOCKERFILE = Path.of("instance-app", "Dockerfile");
    /** Where the image keeps its AOT cache; here it is made under bench/target. */
    private static final String IMAGE_AOT_CACHE = "/app/instance-app.aot";
    private static final List<String> JAVA_17_FLAGS = List.of("-XX:+UseSerialGC", "-XX:MaxRAMPercentage=75",
            "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData");

    /** Every runtime this machine has, oldest first; the last is the image's. */
    static List<AppRuntime> available(Path appJar) throws Exception {
        List<AppRuntime> runtimes = new ArrayList<>();
        runtimes.add(java17(appJar));
        Optional<Path> java25 = findJava25();
        if (java25.isPresent()) {
            runtimes.add(java25(java25.get(), appJar));
        } else {
            System.out.println("no Temurin 25 under /usr/lib/jvm (or JAVA25_HOME): Java 25 + AOT cache is skipped, only Java 17 is measured");
        }
        return runtimes;
    }

    /** The same runtime with one more flag (a log, say). */
    AppRuntime with(String flag) {
        List<String> more = new ArrayList<>(flags);
        more.add(flag);
        return new AppRuntime(name, java, List.copyOf(more));
    }

    /** The image's runtime: the one the targets are judged on. */
    static AppRuntime image(List<AppRuntime> runtimes) {
        return runtimes.get(runtimes.size() - 1);
    }

    /** The Java that runs the benchmarks, with the image's flags before this change and a class data archive. */
    static AppRuntime java17(Path appJar) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path archive = Path.of("bench", "target", "instance-app.jsa").toAbsolutePath();
        List<String> flags = new ArrayList<>(JAVA_17_FLAGS);
        flags.add(CONTAINER_LIMIT);
        train(java, flags, "-XX:ArchiveClassesAtExit=" + archive, archive, appJar);
        flags.add("-XX:SharedArchiveFile=" + archive);
        return new AppRuntime("Java " + System.getProperty("java.specification.version") + " + CDS archive", java, List.copyOf(flags));
    }

    static AppRuntime java25(Path java, Path appJar) throws Exception {
        Path cache = Path.of("bench", "target", "instance-app.aot").toAbsolutePath();
        List<String> flags = new ArrayList<>(dockerfileFlags().stream()
                .filter(flag -> !flag.startsWith("-XX:AOTCache=")).toList());
        flags.add(CONTAINER_LIMIT);
        train(java, flags, "-XX:AOTCacheOutput=" + cache, cache, appJar);
        flags.add("-XX:AOTCache=" + cache);
        return new AppRuntime("Java 25 + AOT cache + compact headers", java, List.copyOf(flags));
    }

    /** {@code ENV JVM_FLAGS="..."} of the Dockerfile: the benchmark runs what the image runs. */
    static List<String> dockerfileFlags() throws IOException {
        Matcher m = Pattern.compile("JVM_FLAGS=\"([^\"]*)\"").matcher(Files.readString(DOCKERFILE));
        if (!m.find()) {
            throw new IllegalStateException("no JVM_FLAGS=\"...\" in " + DOCKERFILE);
        }
        List<String> flags = Arrays.stream(m.group(1).trim().split("\\s+")).toList();
        if (!flags.contains("-XX:AOTCache=" + IMAGE_AOT_CACHE)) {
            throw new IllegalStateException(DOCKERFILE + " no longer runs with -XX:AOTCache=" + IMAGE_AOT_CACHE + ": update " + AppRuntime.class);
        }
        return flags;
    }

    private static Optional<Path> findJava25() throws IOException {
        String home = System.getenv("JAVA25_HOME");
        if (home != null) {
            return Optional.of(Path.of(home, "bin", "java")).filter(Files::isExecutable);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            return dirs.filter(d -> d.getFileName().toString().matches("temurin-25.*"))
                    .map(d -> d.resolve("bin").resolve("java")).filter(Files::isExecutable).sorted().findFirst();
        }
    }

    /** The training run: started and healthy (every class of the start path is loaded); closing sends TERM, the JVM writes the file. */
    private static void train(Path java, List<String> flags, String writeFlag, Path file, Path appJar) throws Exception {
        Files.deleteIfExists(file);
        List<String> training = new ArrayList<>(flags);
        training.add(writeFlag);
        try (AppProcess run = AppProcess.start(new AppRuntime("training", java, training), appJar, Map.of())) {
            // healthy: done
        }
        // an AOT cache is assembled by a second JVM after the first exits
        for (int i = 0; i < 600 && !(Files.exists(file) && Files.size(file) > 0 && !Files.exists(Path.of(file + ".config"))); i++) {
            Thread.sleep(100);
        }
        if (!Files.exists(file) || Files.size(file) == 0) {
            throw new IllegalStateException("the training run of " + java + " left no " + file);
        }
    }
}
