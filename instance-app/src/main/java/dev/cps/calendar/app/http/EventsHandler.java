package dev.cps.calendar.app.http;

import dev.cps.calendar.app.live.EventHub;
import dev.cps.calendar.app.live.EventStream;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * {@code GET /api/events}: the Server-Sent Events stream, for requests that accept
 * {@code text/event-stream} (406 otherwise). A resuming browser's {@code Last-Event-ID} header
 * (or {@code ?lastEventId=}) says where it left off.
 */
final class EventsHandler {

    private static final String EVENT_STREAM = "text/event-stream";

    private final EventHub hub;

    EventsHandler(EventHub hub) {
        this.hub = hub;
    }

    void stream(Context ctx) throws IOException {
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains(EVENT_STREAM)) {
            throw ApiError.notAcceptable("/api/events is a Server-Sent Events stream: send Accept: text/event-stream");
        }
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setCharacterEncoding("UTF-8");
        res.setContentType(EVENT_STREAM);
        res.setHeader("Cache-Control", "no-cache, no-store");
        res.setHeader("X-Accel-Buffering", "no");
        res.flushBuffer();
        EventStream stream = new EventStream(res.getOutputStream(), () -> {
            try {
                res.flushBuffer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        ctx.future(stream::finished);
        ctx.attribute(EventStream.class.getName(), stream); // so a signed-out session's stream can be ended
        hub.connect(stream, lastEventId(ctx));
    }

    private static Optional<String> lastEventId(Context ctx) {
        String header = ctx.header("Last-Event-ID");
        if (header != null && !header.isBlank()) {
            return Optional.of(header.trim());
        }
        return Optional.ofNullable(ctx.queryParam("lastEventId")).filter(id -> !id.isBlank());
    }
}
