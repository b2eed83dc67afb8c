package dev.cps.calendar.reliability;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns the run of the suites into the table of {@code docs/RELIABILITY.md}. Registered through
 * {@code META-INF/services}, so surefire's JUnit launcher calls it. The table holds counts and
 * results only (no timings, no dates), so a green re-run leaves the committed file unchanged.
 *
 * <p>{@code target/RELIABILITY.md} is written after every run; {@code docs/RELIABILITY.md} only
 * when all {@value #SUITES} suites ran and none failed, so a partial or red run never overwrites it.
 */
public final class ReliabilityReport implements TestExecutionListener {

    /** The suites of the module; a run with fewer (e.g. {@code -Dtest=...}) does not touch docs/. */
    static final int SUITES = 9;
    static final String CASES = "cases";

    private static final class Row {
        final ReliabilitySuite suite;
        int tests;
        int passed;
        int failed;
        long published;
        final java.util.Set<String> publishers = new java.util.HashSet<>();
        final List<String> disabled = new ArrayList<>();
        final List<String> failures = new ArrayList<>();

        Row(ReliabilitySuite suite) {
            this.suite = suite;
        }

        /** What the tests published as their cases, plus one for each test that published none. */
        long cases() {
            return published + Math.max(0, tests - publishers.size());
        }

        String result() {
            String result = failed == 0 ? "passed" : "**FAILED** (" + failed + " of " + tests + ")";
            if (!disabled.isEmpty()) {
                result += "; " + disabled.size() + " disabled (known " + (disabled.size() == 1 ? "bug" : "bugs") + ", below)";
            }
            return result;
        }
    }

    private final Map<Class<?>, Row> rows = new ConcurrentHashMap<>();

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        row(test).ifPresent(row -> {
            if (test.isTest()) {
                synchronized (row) {
                    row.tests++;
                    if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                        row.passed++;
                    } else {
                        row.failed++;
                        row.failures.add(test.getDisplayName() + ": " + result.getThrowable().map(Throwable::getMessage).orElse("?"));
                    }
                }
            } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                // a failing @BeforeAll/@AfterAll fails the whole suite
                synchronized (row) {
                    row.failed++;
                    row.failures.add(test.getDisplayName() + ": " + result.getThrowable().map(Throwable::getMessage).orElse("?"));
                }
            }
        });
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        row(test).ifPresent(row -> {
            synchronized (row) {
                row.disabled.add(reason);
            }
        });
    }

    @Override
    public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        row(test).ifPresent(row -> entry.getKeyValuePairs().entrySet().stream()
                .filter(e -> e.getKey().equals(CASES))
                .forEach(e -> {
                    synchronized (row) {
                        row.published += Long.parseLong(e.getValue());
                        row.publishers.add(test.getUniqueId());
                    }
                }));
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (rows.isEmpty()) {
            return;
        }
        String table = markdown();
        write(Path.of(System.getProperty("reliability.report", "target/RELIABILITY.md")), table);
        boolean green = rows.values().stream().allMatch(row -> row.failed == 0 && row.tests > 0);
        if (rows.size() == SUITES && green) {
            write(Path.of(System.getProperty("reliability.docs", "../docs/RELIABILITY.md")), table);
        }
    }

    String markdown() {
        List<Row> ordered = rows.values().stream().sorted(Comparator.comparingInt(row -> row.suite.order())).toList();
        StringBuilder md = new StringBuilder();
        md.append("# Reliability\n\n")
                .append("What the reliability suite (`reliability/`, part of `mvn verify`) does to the product, and how it held up.\n")
                .append("Every case runs against real parts: a `redis-server` process, the app over HTTP, the operator on the\n")
                .append("fabric8 Kubernetes mock server in CRUD mode, Debian's Chromium (the operator's own tests on a real\n")
                .append("control plane are listed at the end). The suites assert outcomes, not timings;\n")
                .append("speed is measured by the benchmarks (`docs/BENCHMARKS.md`).\n\n")
                .append("This file is generated by the test run (`ReliabilityReport`): a green run of all suites rewrites it,\n")
                .append("with counts and results only, so a re-run leaves it unchanged. Run it with\n\n")
                .append("```\nmvn -q install -DskipTests -pl api,testkit,crd-check,instance-app,operator && mvn -pl reliability verify\n```\n\n")
                .append("Cases are what a suite tried: requests sent, instances run, payloads shown, commands refused; a test\n")
                .append("that does not count its own cases counts as one.\n\n")
                .append("| Suite | What was tried | Expected | Cases | Result |\n")
                .append("|---|---|---|---:|---|\n");
        for (Row row : ordered) {
            md.append("| ").append(row.suite.name())
                    .append(" | ").append(row.suite.tried())
                    .append(" | ").append(row.suite.expected())
                    .append(" | ").append(row.cases()).append(' ').append(row.suite.unit())
                    .append(" | ").append(row.result())
                    .append(" |\n");
        }
        List<String> known = ordered.stream().flatMap(row -> row.disabled.stream().sorted().map(reason -> row.suite.name() + ": "
                + reason.replaceFirst("^bug: ", ""))).toList();
        if (!known.isEmpty()) {
            md.append("\n## Known bugs\n\n")
                    .append("Each is a test that fails today, kept in the suite as `@Disabled(\"bug: ...\")` until the code is fixed.\n\n");
            known.forEach(bug -> md.append("- ").append(bug).append('\n'));
        }
        md.append(handKept("/measurements.md"));
        md.append(handKept("/kubernetes.md"));
        List<String> failures = ordered.stream().flatMap(row -> row.failures.stream().map(f -> row.suite.name() + ": " + f)).toList();
        if (!failures.isEmpty()) {
            md.append("\n## Failures\n\n");
            failures.forEach(f -> md.append("- ").append(f.replace("\n", " ")).append('\n'));
        }
        return md.toString();
    }

    /**
     * Sections kept by hand: the measured figures ({@code measurements.md}: a run cannot measure them,
     * no timings in tests) and what the operator module proves on a real control plane
     * ({@code kubernetes.md}: other tests, in another module).
     */
    private static String handKept(String resource) {
        try (var in = ReliabilityReport.class.getResourceAsStream(resource)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<Row> row(TestIdentifier test) {
        return suiteClass(test).flatMap(type -> Optional.ofNullable(type.getAnnotation(ReliabilitySuite.class))
                .map(suite -> rows.computeIfAbsent(type, t -> new Row(suite))));
    }

    private static Optional<Class<?>> suiteClass(TestIdentifier test) {
        Optional<TestSource> source = test.getSource();
        String className = source.map(s -> s instanceof MethodSource m ? m.getClassName()
                : s instanceof ClassSource c ? c.getClassName() : null).orElse(null);
        if (className == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Class.forName(className, false, ReliabilityReport.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
