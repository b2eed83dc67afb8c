package dev.cps.calendar.app.http;

import dev.cps.calendar.app.feed.EventHub;
import dev.cps.calendar.app.feed.EventStream;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * {@code GET /api/events}: the Server-Sent Events stream, for requests that accept
 * {@code text/event-stream} (406 otherwise). A resuming browser's {@code Last-Event-ID} header
 * (or {@code ?lastEventId=}) says where it left off.
 *
 * <p>Not Javalin's {@code SseHandler}/{@code SseClient} (7.2): its {@code Emitter} writes each event with
 * blocking {@code print} and {@code flushBuffer} on the sender's thread, so one browser that stops reading
 * would stall the thread that broadcasts a change to every browser (the feed follower) until Jetty's
 * idle timeout; here each stream queues at most 256 KiB ({@link EventStream}) and writes it in the servlet's
 * non-blocking mode, dropping a reader that falls behind. It also has no {@code retry:} field, and answers
 * a request without {@code Accept: text/event-stream} with an empty 200 instead of the API's 406.
 */
final class EventsHandler {

    private static final String EVENT_STREAM = "text/event-stream";

    private final EventHub hub;

    EventsHandler(EventHub hub) {
        this.hub = hub;
    }

    void stream(Context ctx) {
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
        if (ctx.method() == HandlerType.HEAD) {
            return; // the headers of a stream, and no stream
        }
        Optional<String> lastEventId = lastEventId(ctx);
        // the supplier runs once the request is asynchronous, as the non-blocking output needs
        ctx.future(() -> {
            EventStream stream = new EventStream(new NonBlockingOutput(res));
            ctx.attribute(EventStream.class.getName(), stream); // so a signed-out session's stream can be ended
            hub.connect(stream, lastEventId);
            return stream.finished();
        });
    }

    /** The servlet response in non-blocking mode: a browser that does not read holds no thread. */
    private static final class NonBlockingOutput implements EventStream.Output {

        private final ServletOutputStream out;

        NonBlockingOutput(HttpServletResponse res) {
            try {
                this.out = res.getOutputStream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean ready() {
            return out.isReady();
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            out.write(bytes);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void whenReady(Runnable drain, Runnable gone) {
            out.setWriteListener(new WriteListener() {
                @Override
                public void onWritePossible() {
                    drain.run();
                }

                @Override
                public void onError(Throwable failure) {
                    gone.run();
                }
            });
        }
    }

    private static Optional<String> lastEventId(Context ctx) {
        String header = ctx.header("Last-Event-ID");
        if (header != null && !header.isBlank()) {
            return Optional.of(header.trim());
        }
        return Optional.ofNullable(ctx.queryParam("lastEventId")).filter(id -> !id.isBlank());
    }
}
