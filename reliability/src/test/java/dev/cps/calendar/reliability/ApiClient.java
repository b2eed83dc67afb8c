package dev.cps.calendar.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cps.calendar.api.ContractJson;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One client of the app's HTTP API, as a browser or script would be: its own connection pool,
 * and a timeout on every request, so a request that hangs is reported as such instead of
 * hanging the test.
 */
final class ApiClient {

    /** The answer, or the failure ({@code status} 0) when no answer came. */
    record Answer(int status, String body, String contentType, Duration elapsed, IOException failure) {

        JsonNode json() {
            try {
                return ContractJson.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + ", " + contentType + "): " + body, e);
            }
        }

        boolean timedOut() {
            return failure instanceof java.net.http.HttpTimeoutException;
        }

        @Override
        public String toString() {
            return failure != null ? "no answer after " + elapsed.toMillis() + " ms: " + failure
                    : status + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    private final HttpClient http;
    private final String base;
    private final Duration timeout;

    ApiClient(int port, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.base = "http://127.0.0.1:" + port;
        this.timeout = timeout;
    }

    ApiClient(int port) {
        this(port, Duration.ofSeconds(10));
    }

    Answer get(String path) {
        return send("GET", path, null, null);
    }

    Answer post(String path, String json) {
        return send("POST", path, "application/json", json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    Answer send(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""), since(start), null);
        } catch (IOException e) {
            return new Answer(0, "", "", since(start), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends the headers with {@code Expect: 100-continue} and the body only if the server agrees, as curl does for
     * large bodies: a server that refuses the body answers before it is sent. (The JDK 17 HttpClient cannot be used
     * for this: it waits forever when the answer to {@code Expect} is not 100, JDK-8286171.)
     */
    Answer sendExpectingContinue(String method, String path, String contentType, byte[] body) {
        long start = System.nanoTime();
        URI uri = URI.create(base + path);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout((int) timeout.toMillis());
            java.io.OutputStream out = socket.getOutputStream();
            java.io.BufferedInputStream in = new java.io.BufferedInputStream(socket.getInputStream());
            out.write((method + " " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length
                    + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RawResponse response = RawResponse.read(in);
            if (response.status() == 100) {
                out.write(body);
                out.flush();
                response = RawResponse.read(in);
            }
            return new Answer(response.status(), response.body(), response.header("content-type"), since(start), null);
        } catch (IOException e) {
            return new Answer(0, "", "", since(start), e);
        }
    }

    /** One HTTP/1.1 response read off a socket: status, headers, and a Content-Length body. */
    private record RawResponse(int status, java.util.Map<String, String> headers, String body) {

        String header(String name) {
            return headers.getOrDefault(name, "");
        }

        static RawResponse read(java.io.InputStream in) throws IOException {
            String statusLine = line(in);
            if (statusLine.isEmpty()) {
                throw new IOException("no answer");
            }
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            java.util.Map<String, String> headers = new java.util.HashMap<>();
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1).trim());
            }
            byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            return new RawResponse(status, headers, new String(body, StandardCharsets.UTF_8));
        }

        private static String line(java.io.InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }

    /** {@code GET /api/bookings} as JSON, or an AssertionError. */
    JsonNode bookings() {
        Answer answer = get("/api/bookings");
        if (answer.status() != 200) {
            throw new AssertionError("GET /api/bookings: " + answer);
        }
        return answer.json();
    }

    HttpClient http() {
        return http;
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    static String booking(String date, String time, String user, int duration) {
        return "{\"date\":\"" + date + "\",\"time\":\"" + time + "\",\"user\":\"" + user + "\",\"duration\":" + duration + "}";
    }

    static String hour(int hour) {
        return String.format("%02d:00", hour);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
