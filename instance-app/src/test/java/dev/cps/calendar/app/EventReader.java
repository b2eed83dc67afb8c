package dev.cps.calendar.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Reads a Server-Sent Events stream in the background, event by event, as a browser would. */
public final class EventReader implements AutoCloseable {

    public record Event(String id, String event, String data, String retry) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Thread thread;
    private final int status;
    private final String contentType;
    private volatile InputStream body;

    private EventReader(TestHttp http, String path, String lastEventId) {
        this(http, path, lastEventId, null);
    }

    private EventReader(TestHttp http, String path, String lastEventId, String cookie) {
        HttpRequest.Builder request = http.newRequest(path).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<InputStream> response;
        try {
            response = http.client().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot open " + path, e);
        }
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        this.body = response.body();
        this.thread = new Thread(this::read, "event-reader");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public static EventReader open(TestHttp http) {
        return new EventReader(http, "/api/events", null);
    }

    /** A stream of a signed-in browser: {@code cookie} is {@code name=value}. */
    public static EventReader open(TestHttp http, String cookie) {
        return new EventReader(http, "/api/events", null, cookie);
    }

    public static EventReader resume(TestHttp http, String lastEventId) {
        return new EventReader(http, "/api/events", lastEventId);
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    /** The next event (a {@code retry:} alone counts as one), or an AssertionError after {@code timeout}. */
    public Event next(Duration timeout) {
        try {
            Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("no event within " + timeout);
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next event of this type, skipping others. */
    public Event next(String type, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event event = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (type.equals(event.event())) {
                return event;
            }
        }
    }

    public Event poll(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True when the server ended the stream within {@code timeout}. */
    public boolean endsWithin(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void read() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            String retry = null;
            StringBuilder data = null;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (id != null || event != null || data != null || retry != null) {
                        events.add(new Event(id, event == null ? "message" : event, data == null ? null : data.toString(), retry));
                    }
                    id = null;
                    event = null;
                    retry = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    events.add(new Event(null, "comment", line.substring(1).trim(), null));
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> event = value;
                        case "retry" -> retry = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> {
                        }
                    }
                }
            }
        } catch (IOException ignored) {
            // closed
        } finally {
            ended.countDown();
        }
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
