package dev.cps.calendar.testing.kube;

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
}
