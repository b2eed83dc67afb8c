package dev.cps.calendar.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The instance app as a separate JVM ({@code java -jar instance-app/target/instance-app.jar}), so its
 * RSS and start time are its own, on the JVM and flags of an {@link AppRuntime}.
 */
final class AppProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    final long startNanos;
    final long healthyNanos;

    private AppProcess(Process process, int port, long startNanos, long healthyNanos) {
        this.process = process;
        this.port = port;
        this.startNanos = startNanos;
        this.healthyNanos = healthyNanos;
    }

    static AppProcess start(AppRuntime runtime, Path jar, Map<String, String> env) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(runtime.java().toString());
        command.addAll(runtime.flags());
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        // a benchmark is load from one address, far past the app's per-address abuse limits
        for (String limit : List.of("WRITES_PER_MINUTE", "WRITES_PER_MINUTE_PER_POD", "STREAMS_PER_CLIENT", "STREAMS_PER_POD")) {
            builder.environment().put(limit, "1000000");
        }
        builder.environment().putAll(env);
        builder.environment().put("PORT", String.valueOf(port));
        builder.environment().put("METRICS_PORT", "0"); // any free port: several apps run at once
        Path log = Files.createTempFile("instance-app-", ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        long start = System.nanoTime();
        Process process = builder.start();
        long deadline = start + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("instance app exited; log: " + log);
            }
            if (healthStatus(port) == 200) {
                return new AppProcess(process, port, start, System.nanoTime());
            }
            Thread.sleep(5);
        }
        process.destroyForcibly();
        throw new IllegalStateException("instance app not healthy within 60 s; log: " + log);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    double startToHealthyMillis() {
        return (healthyNanos - startNanos) / 1e6;
    }

    /** Resident set size in MiB, from /proc. */
    double rssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS for pid " + process.pid());
    }

    private static int healthStatus(int port) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"))
                    .timeout(Duration.ofSeconds(1)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
