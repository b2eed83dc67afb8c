package dev.cps.calendar.testing.kube;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real kubectl of the test kit's control-plane build, run against any API server by its kubeconfig. */
public final class Kubectl {

    private Kubectl() {
    }

    /** Runs {@code kubectl --kubeconfig=<kubeconfig> args...} with the binary {@link ControlPlaneBinaries} builds. */
    public static CommandResult run(Path kubeconfig, String... args) {
        return run(ControlPlaneBinaries.folder(), kubeconfig, args);
    }

    /** As {@link #run(Path, String...)}, with {@code stdin} (e.g. YAML for {@code apply -f -}). */
    public static CommandResult withInput(Path kubeconfig, String stdin, String... args) {
        return CommandResult.of(command(ControlPlaneBinaries.folder(), kubeconfig, args), stdin);
    }

    static CommandResult run(Path binaries, Path kubeconfig, String... args) {
        return CommandResult.of(command(binaries, kubeconfig, args), null);
    }

    private static List<String> command(Path binaries, Path kubeconfig, String... args) {
        List<String> command = new ArrayList<>(List.of(binaries.resolve("kubectl").toString(), "--kubeconfig=" + kubeconfig));
        command.addAll(List.of(args));
        return command;
    }
}
