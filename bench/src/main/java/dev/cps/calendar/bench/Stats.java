package dev.cps.calendar.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Medians and percentiles over a handful of samples (nearest-rank). */
final class Stats {

    private Stats() {
    }

    static double median(Collection<Double> values) {
        return percentile(values, 50);
    }

    static double percentile(Collection<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static String fmt(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Math.abs(value) >= 100) {
            return String.format("%,.0f", value);
        }
        return String.format("%.2f", value);
    }
}
