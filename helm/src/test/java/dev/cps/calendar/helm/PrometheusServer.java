package dev.cps.calendar.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code prometheus} server on a loopback port with its data in a temporary folder: it
 * scrapes what the config names and evaluates the rule file next to it. Its log is
 * {@code prometheus.log} in that folder.
 */
final class PrometheusServer implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/prometheus");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final URI base;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    static boolean isInstalled() {
        return Files.isExecutable(BINARY);
    }

    /** Starts with {@code dir/prometheus.yml} (which may name rule files relative to {@code dir}). */
    static PrometheusServer start(Path dir) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(BINARY.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!server.isReady()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String output = Files.readString(log);
                server.close();
                throw new IllegalStateException("prometheus did not become ready:\n" + output);
            }
            sleep(100);
        }
        return server;
    }

    /** GET /api/v1/{path}: the {@code data} of the answer. */
    JsonNode api(String path) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/" + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = JSON.readTree(answer.body());
            if (!"success".equals(json.path("status").asText())) {
                throw new IllegalStateException(path + ": " + answer.body());
            }
            return json.path("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An instant query's result vector. */
    JsonNode query(String promql) {
        return api("query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("result");
    }

    /** The alerts in state firing, by name. */
    boolean isFiring(String alertname) {
        for (JsonNode alert : api("alerts").path("alerts")) {
            if (alertname.equals(alert.at("/labels/alertname").asText()) && "firing".equals(alert.path("state").asText())) {
                return true;
            }
        }
        return false;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private boolean isReady() {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
