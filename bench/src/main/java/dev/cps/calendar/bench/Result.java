package dev.cps.calendar.bench;

/** One row of docs/BENCHMARKS.md. */
record Result(String benchmark, String how, String figures, String target, boolean met, String notes) {

    String markdownRow() {
        return "| " + benchmark + " | " + how + " | " + figures + " | " + target + " | "
                + (met ? "met" : "**missed**") + " | " + notes + " |";
    }
}
