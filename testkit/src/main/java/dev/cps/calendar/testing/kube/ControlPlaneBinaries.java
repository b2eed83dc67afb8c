package dev.cps.calendar.testing.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where kube-apiserver, kube-controller-manager, kubectl, etcd and the kstatus checker are: the
 * cache folder {@code testkit/kube/build.sh} fills (and prints), keyed by version. The script is the
 * one home of the versions (its go.mod) and builds the binaries when they are missing, so a test run
 * on a fresh machine builds them once; with no Go it fails with one line saying what to install.
 */
public final class ControlPlaneBinaries {

    static final String BUILD_SCRIPT = "testkit/kube/build.sh";

    private ControlPlaneBinaries() {
    }

    /** The folder holding the binaries, named {@code <version>-<os>-<arch>-<hash of testkit/kube>}. */
    public static Path folder() {
        Path script = repositoryRoot().resolve(BUILD_SCRIPT);
        try {
            Process build = new ProcessBuilder("bash", script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = build.waitFor();
            List<String> lines = out.lines().toList();
            if (exit != 0 || lines.isEmpty()) {
                throw new IllegalStateException(BUILD_SCRIPT + " failed (exit " + exit + "): the test control plane is not built");
            }
            return Path.of(lines.get(lines.size() - 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The Kubernetes version of the folder's binaries, such as {@code 1.34.4}. */
    public static String version(Path folder) {
        String name = folder.getFileName().toString();
        return name.substring(0, name.indexOf('-'));
    }

    /** The folder name kube-api-test looks for: {@code <version>-<os>-<arch>}. */
    static String kubeApiTestName(Path folder) {
        String name = folder.getFileName().toString();
        return name.substring(0, name.lastIndexOf('-'));
    }

    /** The nearest folder above the working directory that holds the build script. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(BUILD_SCRIPT))) {
                return d;
            }
        }
        return Optional.ofNullable(System.getenv("CALENDAR_OPERATOR_REPO")).map(Path::of)
                .orElseThrow(() -> new IllegalStateException("no " + BUILD_SCRIPT + " above " + dir
                        + ": run from the repository, or set CALENDAR_OPERATOR_REPO"));
    }
}
