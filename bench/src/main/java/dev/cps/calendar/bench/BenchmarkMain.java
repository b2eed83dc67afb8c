package dev.cps.calendar.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the benchmarks and writes docs/BENCHMARKS.md. Usage (from the repository root, see bench/run.sh):
 * {@code java -jar bench/target/calendar-bench.jar [--runs N] [read write live sse footprint pool ...]}.
 */
public final class BenchmarkMain {

    interface Benchmark {
        Result run(List<AppRuntime> runtimes, Path appJar, int runs) throws Exception;
    }

    private static final Map<String, Benchmark> BENCHMARKS = new LinkedHashMap<>();

    static {
        // first: the longest, and the one that needs the control plane
        BENCHMARKS.put("operator", (runtimes, jar, runs) -> OperatorScaleBenchmark.run(OperatorScaleBenchmark.INSTANCES));
        BENCHMARKS.put("read", ReadPathBenchmark::run);
        BENCHMARKS.put("write", WritePathBenchmark::run);
        BENCHMARKS.put("live", LiveSyncBenchmark::run);
        BENCHMARKS.put("sse", (runtimes, jar, runs) -> SseCapacityBenchmark.run(runtimes, jar));
        BENCHMARKS.put("footprint", FootprintBenchmark::run);
        BENCHMARKS.put("transfer", TransferBenchmark::run);
        BENCHMARKS.put("pool", PoolBenchmark::run);
    }

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 3;
        List<String> selected = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs")) {
                runs = Integer.parseInt(args[++i]);
            } else {
                selected.add(args[i]);
            }
        }
        if (selected.isEmpty()) {
            selected.addAll(BENCHMARKS.keySet());
        }
        Path appJar = Path.of("instance-app/target/instance-app.jar");
        if (!Files.exists(appJar)) {
            throw new IllegalStateException(appJar + " is missing: run bench/run.sh from the repository root");
        }
        List<AppRuntime> runtimes = AppRuntime.available(appJar);
        List<Result> results = new ArrayList<>();
        for (String name : selected) {
            Benchmark benchmark = BENCHMARKS.get(name);
            if (benchmark == null) {
                throw new IllegalArgumentException("unknown benchmark " + name + "; known: " + BENCHMARKS.keySet());
            }
            System.out.println("== " + name);
            results.add(benchmark.run(runtimes, appJar, runs));
        }
        String report = report(results, runs, String.join(" ", args));
        System.out.println(report);
        // the committed figures come from a full run only; a partial run just prints
        Path out = selected.containsAll(BENCHMARKS.keySet()) ? Path.of("docs", "BENCHMARKS.md") : Path.of("bench", "target", "BENCHMARKS-partial.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report + writtenByHand(out));
        System.out.println("written to " + out);
        exitEvenIfThreadsAreLeft();
    }

    /**
     * The benchmarks close what they start, but a library's pool left running (a non-daemon thread)
     * kept this JVM up for good once: the run ends here all the same, and names what was left.
     */
    private static void exitEvenIfThreadsAreLeft() {
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (!thread.isDaemon() && thread != Thread.currentThread() && !thread.getName().equals("DestroyJavaVM")) {
                System.err.println("left running (not a daemon): thread " + thread.getName() + " of group "
                        + (thread.getThreadGroup() == null ? "-" : thread.getThreadGroup().getName())
                        + (stack.length > 0 ? ", in " + stack[stack.length - 1] : ""));
            }
        });
        System.exit(0);
    }

    /** What follows {@link #ANALYSIS} in the file is the people's reading of the figures: kept across runs. */
    static final String ANALYSIS = "<!-- analysis: written by hand, kept by bench/run.sh -->";

    private static String writtenByHand(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        String old = Files.readString(file);
        int at = old.indexOf(ANALYSIS);
        return at < 0 ? "" : "\n" + old.substring(at);
    }

    private static String report(List<Result> results, int runs, String args) throws IOException, InterruptedException {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\nFigures printed by `bench/run.sh` (not part of `mvn verify`). The machine is noisy: ratios are measured\n")
                .append("side by side in the same run, and each figure is the median of the runs.\n\n");
        md.append("Measured ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append("  \n");
        md.append("Machine: ").append(machine()).append("  \n");
        md.append("Command: `bench/run.sh ").append(args).append("` (").append(runs).append(" runs each; medians)\n\n");
        md.append("| benchmark | how | figures | target | result | notes |\n|---|---|---|---|---|---|\n");
        for (Result result : results) {
            md.append(result.markdownRow()).append('\n');
        }
        return md.toString();
    }

    private static String machine() throws IOException, InterruptedException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.replaceAll(".*:\\s*", "")).orElse("?");
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + Math.round(Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D+", ""))).findFirst().orElse(0) / 1024.0 / 1024.0)
                + " GiB, Java " + System.getProperty("java.version") + ", "
                + Tools.run(List.of("redis-server", "--version")).trim().replaceAll(" sha=.*", "");
    }
}
