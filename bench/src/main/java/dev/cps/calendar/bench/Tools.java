package dev.cps.calendar.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the load tools of the machine (wrk, redis-benchmark) and reads their figures. */
final class Tools {

    private Tools() {
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    /** {@code Requests/sec:  12345.67} from wrk's summary. */
    static double wrkRequestsPerSecond(String output) {
        return number(output, "Requests/sec:\\s+([0-9.]+)");
    }

    /** Non-2xx answers counted by wrk; 0 when the line is absent. */
    static long wrkNon2xx(String output) {
        Matcher m = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)").matcher(output);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Connect, read, write and timeout errors counted by wrk; 0 when the line is absent. */
    static long wrkSocketErrors(String output) {
        Matcher m = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(output);
        if (!m.find()) {
            return 0;
        }
        long sum = 0;
        for (int i = 1; i <= 4; i++) {
            sum += Long.parseLong(m.group(i));
        }
        return sum;
    }

    /** A line of wrk's {@code --latency} distribution, e.g. {@code 99%   12.34ms}, in milliseconds. */
    static double wrkLatencyPercentileMillis(String output, String percentile) {
        Matcher m = Pattern.compile("(?m)^\\s+" + Pattern.quote(percentile) + "\\s+([0-9.]+)(us|ms|s)\\s*$").matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no " + percentile + " latency in:\n" + output);
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    /** {@code GET: 123456.79 requests per second} from {@code redis-benchmark -q}. */
    static double redisBenchmarkGet(String output) {
        return number(output, "GET: ([0-9.]+) requests per second");
    }

    private static double number(String output, String regex) {
        Matcher m = Pattern.compile(regex).matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no figure matching " + regex + " in:\n" + output);
        }
        return Double.parseDouble(m.group(1));
    }
}
