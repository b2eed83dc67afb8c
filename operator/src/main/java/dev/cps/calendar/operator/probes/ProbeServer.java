package dev.cps.calendar.operator.probes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The operator's own HTTP endpoints on HEALTH_PORT: {@code /healthz} (liveness: the informers are
 * healthy), {@code /readyz} (readiness: started and the informers are healthy) and {@code /metrics}
 * (Prometheus text, JOSDK's reconcile metrics and the JVM's).
 */
public final class ProbeServer implements AutoCloseable {

    private final HttpServer server;

    private ProbeServer(HttpServer server) {
        this.server = server;
    }

    public static ProbeServer start(int port, RuntimeInfo runtime, PrometheusMeterRegistry registry) {
        return start(port, runtime::allEventSourcesAreHealthy,
                () -> runtime.isStarted() && runtime.allEventSourcesAreHealthy(), registry);
    }

    static ProbeServer start(int port, BooleanSupplier live, BooleanSupplier ready, PrometheusMeterRegistry registry) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            server.createContext("/healthz", exchange -> answer(exchange, live.getAsBoolean()));
            server.createContext("/readyz", exchange -> answer(exchange, ready.getAsBoolean()));
            server.createContext("/metrics", exchange -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
            server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "probes");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return new ProbeServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for probes on port " + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, boolean ok) throws IOException {
        send(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ok\n");
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
