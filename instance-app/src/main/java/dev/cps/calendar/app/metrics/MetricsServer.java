package dev.cps.calendar.app.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cps.calendar.api.AppEnvironment;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code GET /metrics} on the app's private port ({@code METRICS_PORT}), apart from the public
 * one: the Ingress or route exposes the public port to anyone, and metrics name every slug and
 * route. The JDK's small HTTP server, one thread: Prometheus scrapes every few seconds at most.
 */
public final class MetricsServer implements AutoCloseable {

    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** {@code port} 0 takes any free port; without {@code bindAddress}, every interface; {@code scrape} gives the Prometheus text. */
    public static MetricsServer start(java.util.Optional<String> bindAddress, int port, java.util.function.Supplier<String> scrape) {
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "metrics");
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpServer server = HttpServer.create(bindAddress.map(address -> new InetSocketAddress(address, port))
                    .orElseGet(() -> new InetSocketAddress(port)), 0);
            server.createContext(AppEnvironment.METRICS_PATH, exchange -> {
                if (!exchange.getRequestURI().getPath().equals(AppEnvironment.METRICS_PATH)) {
                    send(exchange, 404, "not found\n", "text/plain; charset=utf-8");
                } else if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                    send(exchange, 405, "GET only\n", "text/plain; charset=utf-8");
                } else {
                    send(exchange, 200, scrape.get(), CONTENT_TYPE);
                }
            });
            server.setExecutor(executor);
            server.start();
            return new MetricsServer(server, executor);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot listen for metrics on port " + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void send(HttpExchange exchange, int status, String body, String contentType) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }
}
