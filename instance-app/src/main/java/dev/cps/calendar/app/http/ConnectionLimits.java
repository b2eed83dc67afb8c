package dev.cps.calendar.app.http;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.EagerContentHandler;

/**
 * What one connection may cost the server, so hostile clients cannot starve normal ones.
 * A request body is read before the request reaches a thread of the app (Jetty's
 * {@link EagerContentHandler}): a client that announces a body and sends it a byte a second holds
 * no thread while it waits, and is cut off once its body arrives slower than
 * {@value #MIN_BODY_BYTES_PER_SECOND} bytes a second after {@value #GRACE_MILLIS} ms ({@link SlowBodyCutoff}). A body
 * offered with {@code Expect: 100-continue} that is too large is refused before it is sent
 * ({@link OversizedBodyRefusal}). Errors Jetty answers itself get the app's JSON error shape
 * ({@link JettyErrorPage}).
 */
public final class ConnectionLimits {

    /** Lenient enough for a phone on a bad network (a body is a few hundred bytes), far above a trickle. */
    static final long MIN_BODY_BYTES_PER_SECOND = 64;
    static final long GRACE_MILLIS = 1000;
    /** Bodies up to this are buffered before dispatch; larger ones (refused with a 413 anyway) are read by the app. */
    static final long EAGER_BODY_BYTES = JsonBody.MAX_BYTES + 1024;

    private ConnectionLimits() {
    }

    /** Wraps the server's handlers; the last inserted runs first. */
    public static void install(Server server) {
        server.setErrorHandler(new JettyErrorPage());
        server.insertHandler(new EagerContentHandler(
                new EagerContentHandler.RetainedContentLoaderFactory(EAGER_BODY_BYTES, -1, false)));
        server.insertHandler(new SlowBodyCutoff(MIN_BODY_BYTES_PER_SECOND, GRACE_MILLIS));
        server.insertHandler(new OversizedBodyRefusal(JsonBody.MAX_BYTES));
    }
}
