package dev.cps.calendar.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cps.calendar.api.ContractJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for tests against an app on {@code localhost:port}. */
public final class TestHttp {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    /** The Host to name instead of localhost (a pool picks the calendar by it); null: localhost. */
    private final String host;

    public TestHttp(int port) {
        this(port, null);
    }

    /** Requests to loopback that name {@code host} in their Host header (the test JVM allows setting it). */
    public TestHttp(int port, String host) {
        this.base = "http://localhost:" + port;
        this.host = host;
    }

    /** A request to {@code path}, naming this client's Host. */
    public HttpRequest.Builder newRequest(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (host != null) {
            request.setHeader("Host", host);
        }
        return request;
    }

    public record Answer(int status, String body, HttpResponse<String> raw) {

        public JsonNode json() {
            try {
                return ContractJson.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Answer get(String path) {
        return send(newRequest(path).GET());
    }

    public Answer send(String method, String path, String body) {
        return send(method, path, body, "application/json");
    }

    public Answer send(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = newRequest(path)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    public Answer send(HttpRequest.Builder request) {
        try {
            if (host != null) {
                request.setHeader("Host", host);
            }
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    public HttpClient client() {
        return client;
    }

    public static String booking(String date, String time, String user, int duration) {
        return "{\"date\":\"" + date + "\",\"time\":\"" + time + "\",\"user\":\"" + user + "\",\"duration\":" + duration + "}";
    }
}
