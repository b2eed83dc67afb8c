package dev.cps.calendar.app.live;

import dev.cps.calendar.app.store.StreamId;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One browser's open {@code text/event-stream} response. A browser that went away is noticed on
 * the next write (the heartbeat makes sure there is one): the write fails and the stream closes.
 */
public final class EventStream {

    private final OutputStream out;
    private final Runnable flush;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private volatile boolean closed;
    /** The id of the last change this browser was sent; guarded by the hub. */
    StreamId lastSent;

    /** @param flush pushes what was written to the browser now (the servlet's flushBuffer) */
    public EventStream(OutputStream out, Runnable flush) {
        this.out = out;
        this.flush = flush;
    }

    /** Completes when the stream is closed, by either side. The request ends then. */
    public CompletableFuture<Void> finished() {
        return finished;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Writes one SSE frame; false (and closed) when the browser is gone. */
    synchronized boolean send(String frame) {
        if (closed) {
            return false;
        }
        try {
            out.write(frame.getBytes(StandardCharsets.UTF_8));
            out.flush();
            flush.run();
            return true;
        } catch (IOException | RuntimeException e) {
            close();
            return false;
        }
    }

    public void close() {
        closed = true;
        finished.complete(null);
    }
}
