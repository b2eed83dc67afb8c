package dev.cps.calendar.app.http;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;

import java.util.concurrent.TimeoutException;

/**
 * Cuts off a request whose body arrives slower than a minimum rate, once a short grace period
 * has passed. (Jetty's own {@code MinimumDataRateHandler} measures the bytes of all requests
 * together, so under any traffic it never cuts anyone off.) The check runs whenever more of the
 * body is asked for; a client that sends nothing more is closed by the idle timeout, and holds
 * no thread meanwhile (see {@link ConnectionLimits}).
 */
final class SlowBodyCutoff extends Handler.Wrapper {

    private final long minBytesPerSecond;
    private final long graceNanos;

    SlowBodyCutoff(long minBytesPerSecond, long graceMillis) {
        this.minBytesPerSecond = minBytesPerSecond;
        this.graceNanos = graceMillis * 1_000_000;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        return super.handle(new RateCheckedRequest(request), response, callback);
    }

    private final class RateCheckedRequest extends Request.Wrapper {

        private final long started = NanoTime.now();
        private long bytesRead;
        private volatile Content.Chunk failure;

        RateCheckedRequest(Request request) {
            super(request);
        }

        @Override
        public Content.Chunk read() {
            if (failure != null) {
                return failure;
            }
            Content.Chunk chunk = super.read();
            if (chunk != null) {
                bytesRead += chunk.remaining();
            }
            return chunk;
        }

        @Override
        public void demand(Runnable demandCallback) {
            long elapsed = NanoTime.since(started);
            if (elapsed > graceNanos && bytesRead * 1_000_000_000L / elapsed < minBytesPerSecond) {
                failure = Content.Chunk.from(new TimeoutException("the request body arrived slower than "
                        + minBytesPerSecond + " bytes a second"));
                demandCallback.run();
                return;
            }
            super.demand(demandCallback);
        }
    }
}
