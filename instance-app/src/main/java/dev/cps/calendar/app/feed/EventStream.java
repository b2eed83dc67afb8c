package dev.cps.calendar.app.feed;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One browser's open {@code text/event-stream} response. Sending never blocks: frames wait in
 * the stream's own queue and go out as fast as the browser reads them. A browser that stops
 * reading until {@value #MAX_QUEUED_BYTES} bytes wait is dropped (it reconnects and resumes),
 * so a stalled reader never holds up the others or the feed. A browser that went away is
 * noticed on the next write (the heartbeat makes sure there is one).
 */
public final class EventStream {

    static final int MAX_QUEUED_BYTES = 256 * 1024;

    /** Where a stream's bytes go: a response that says when it can take more without blocking. */
    public interface Output {

        /** True when a write now would not block; when false, {@code whenReady} runs once it would. */
        boolean ready();

        void write(byte[] bytes) throws IOException;

        void flush() throws IOException;

        /** Called once, with what to run each time the output can take more, and when the browser is gone. */
        void whenReady(Runnable drain, Runnable gone);
    }

    private record Pending(StreamId id, String frame) {
    }

    private final Output out;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private int queuedBytes;
    private boolean unflushed;
    private volatile boolean closed;
    /** The id of the last change this browser was sent. */
    private StreamId lastSent;
    /** Live changes that arrive while the stream is replaying what it missed; null once it is live. */
    private List<Pending> heldBack;

    public EventStream(Output out) {
        this.out = out;
        out.whenReady(this::drain, this::close);
    }

    /** A stream on a plain blocking stream that is always ready (tests, tools). */
    public EventStream(OutputStream out, Runnable flush) {
        this(new Output() {
            @Override
            public boolean ready() {
                return true;
            }

            @Override
            public void write(byte[] bytes) throws IOException {
                out.write(bytes);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
                flush.run();
            }

            @Override
            public void whenReady(Runnable drain, Runnable gone) {
            }
        });
    }

    /** Completes when the stream is closed, by either side. The request ends then. */
    public CompletableFuture<Void> finished() {
        return finished;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Queues one SSE frame; false (and closed) when the browser is gone or too far behind. */
    boolean send(String frame) {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (queuedBytes + bytes.length > MAX_QUEUED_BYTES) {
                close();
                return false;
            }
            queue.addLast(bytes);
            queuedBytes += bytes.length;
        }
        drain();
        return !closed;
    }

    /** A change of the feed: sent unless it was sent already, or held back while the stream replays. */
    synchronized boolean change(StreamId id, String frame) {
        if (heldBack != null) {
            heldBack.add(new Pending(id, frame));
            return !closed;
        }
        if (lastSent != null && !id.isAfter(lastSent)) {
            return !closed; // replayed to it already
        }
        lastSent = id;
        return send(frame);
    }

    /** From now on live changes wait until {@link #replayed} has sent what the browser missed. */
    synchronized void replaying() {
        heldBack = new ArrayList<>();
    }

    /** Sends the replay (changes after {@code from}), then the live changes held back meanwhile. */
    synchronized void replayed(StreamId from, List<Change> missed) {
        List<Pending> held = heldBack;
        heldBack = null;
        lastSent = from;
        for (Change change : missed) {
            change(change.id(), change.frame());
        }
        for (Pending pending : held) {
            change(pending.id(), pending.frame());
        }
    }

    /** A replayed change: its feed id and its SSE frame. */
    record Change(StreamId id, String frame) {
    }

    /** Writes what is queued while the output can take it; called again by the output when it can take more. */
    void drain() {
        synchronized (this) {
            try {
                while (!closed && out.ready()) {
                    byte[] next = queue.pollFirst();
                    if (next == null) {
                        if (unflushed) {
                            unflushed = false;
                            out.flush();
                            continue;
                        }
                        return;
                    }
                    queuedBytes -= next.length;
                    out.write(next);
                    unflushed = true;
                }
            } catch (IOException | RuntimeException e) {
                close();
            }
        }
    }

    public void close() {
        closed = true;
        finished.complete(null);
    }
}
