package dev.cps.calendar.app.access;

import dev.cps.calendar.api.InstanceAccess;
import dev.cps.calendar.app.feed.EventStream;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The event streams opened with a session cookie. When the access section changes (a new passcode,
 * another mode), every stream whose cookie no longer opens the calendar is ended, so a session that
 * was ended stops hearing bookings at once, not when the page next reconnects.
 */
final class SignedInStreams implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SignedInStreams.class);

    private final Map<Context, String> cookies = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> checker;
    private volatile InstanceAccess lastSeen;

    SignedInStreams(Supplier<Optional<InstanceAccess>> access, Predicate<String> stillSignedIn, Duration checkEvery,
                    ScheduledExecutorService timers) {
        this.lastSeen = access.get().orElse(null);
        this.checker = timers.scheduleWithFixedDelay(() -> {
            InstanceAccess now = access.get().orElse(null);
            if (!Objects.equals(now, lastSeen)) {
                lastSeen = now;
                endUnless(stillSignedIn);
            }
        }, checkEvery.toMillis(), checkEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    void opened(Context ctx, String cookie) {
        cookies.put(ctx, cookie);
    }

    void ended(Context ctx) {
        cookies.remove(ctx);
    }

    int open() {
        return cookies.size();
    }

    private void endUnless(Predicate<String> stillSignedIn) {
        cookies.forEach((ctx, cookie) -> {
            if (!stillSignedIn.test(cookie)) {
                cookies.remove(ctx);
                EventStream stream = ctx.attribute(EventStream.class.getName());
                if (stream != null) {
                    stream.close(); // the request ends now; the hub drops the stream at its next write
                } else {
                    LOG.debug("no event stream on a signed-in stream request of {}", ctx.path());
                }
            }
        });
    }

    @Override
    public void close() {
        checker.cancel(false);
    }
}
