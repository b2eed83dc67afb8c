package dev.cps.calendar.app.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The app's JSON API, for arranging what the browser should then see (or for asking what it should say). */
final class AppClient {

    record Answer(int status, JsonNode body) {
        String message() {
            return body.path("message").asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    AppClient(String base) {
        this.base = base;
    }

    JsonNode config() {
        return send("GET", "/api/config", null).body();
    }

    Answer book(String date, String time, String user, int duration) {
        return send("POST", "/api/bookings", Map.of("date", date, "time", time, "user", user, "duration", duration));
    }

    JsonNode bookings(String from, String to) {
        return send("GET", "/api/bookings?from=" + from + "&to=" + to, null).body();
    }

    private Answer send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5));
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return new Answer(response.statusCode(), text.isBlank() ? JSON.nullNode() : JSON.readTree(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
