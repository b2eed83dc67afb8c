package dev.cps.calendar.app.access;

import dev.cps.calendar.api.AccessMode;
import dev.cps.calendar.api.AppEnvironment;
import dev.cps.calendar.api.InstanceAccess;
import dev.cps.calendar.api.ViewerAccess;
import dev.cps.calendar.app.config.ActiveConfig;
import dev.cps.calendar.app.config.ConfigSource;
import dev.cps.calendar.app.http.ApiError;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs before every request. The page's static files and {@code /api/health} are open; every other
 * route needs a role: from the session cookie (mode Passcode), the proxy's user header (External), or
 * nobody's (Public, and viewers of a {@code viewers: Public} calendar). Writes must come from the
 * calendar's own origin and an editor, within the write allowance; event streams within theirs.
 */
public final class AccessGate implements AutoCloseable {

    public static final String SESSION_PATH = "/api/session";
    static final String ROLE = "access-role";
    private static final String STREAM_CLIENT = "access-stream-client";

    private final String slug;
    private final ConfigSource config;
    private final Clock clock;
    private final RateLimit writes;
    private final StreamAllowance streams;
    private final SignedInStreams signedInStreams;

    public AccessGate(String slug, ConfigSource config, AbuseLimits limits, Clock clock, ScheduledExecutorService timers) {
        this.slug = slug;
        this.config = config;
        this.clock = clock;
        this.writes = new RateLimit(limits.writesPerMinute(), limits.writesPerMinutePerPod(), Duration.ofMinutes(1));
        this.streams = new StreamAllowance(limits.streamsPerClient(), limits.streamsPerPod());
        this.signedInStreams = new SignedInStreams(this::access, this::stillSignedIn, Duration.ofSeconds(1), timers);
    }

    private boolean stillSignedIn(String cookie) {
        return access().map(a -> a.mode() == AccessMode.Passcode
                && SessionCookie.verify(cookie, slug, a, clock.instant()).isPresent()).orElse(false);
    }

    /** The access in force: none (not provisioned yet) lets requests through to answer 503 themselves. */
    Optional<InstanceAccess> access() {
        return config.current().map(ActiveConfig::config).map(c -> c.accessOrPublic());
    }

    public void before(Context ctx) {
        String path = ctx.path();
        if (!guarded(path)) {
            return;
        }
        boolean write = isWrite(ctx.method());
        if (write) {
            requireSameOrigin(ctx);
        }
        if (path.equals(SESSION_PATH) && ctx.method() != HandlerType.GET) {
            return; // signing in and out is for those without a session
        }
        Optional<InstanceAccess> access = access();
        if (access.isEmpty()) {
            return;
        }
        Role role = roleOf(ctx, access.get()).orElseThrow(() -> unauthorized(access.get()));
        ctx.attribute(ROLE, role);
        if (write && !role.mayWrite()) {
            throw new ApiError(403, "read-only", "you are signed in to look only: sign in with the editors' passcode to change bookings");
        }
        String client = ClientAddress.of(ctx);
        if (write) {
            writes.take(client).ifPresent(wait -> {
                throw tooMany(ctx, wait, "too many changes from your address; wait a moment");
            });
        }
        if (path.equals("/api/events") && ctx.method() == HandlerType.GET) {
            if (!streams.open(client)) {
                throw tooMany(ctx, Duration.ofSeconds(10), "too many open live streams; close other tabs of this calendar");
            }
            ctx.attribute(STREAM_CLIENT, client);
            String cookie = ctx.cookie(SessionCookie.NAME);
            if (access.get().mode() == AccessMode.Passcode && cookie != null
                    && SessionCookie.verify(cookie, slug, access.get(), clock.instant()).isPresent()) {
                signedInStreams.opened(ctx, cookie);
            }
        }
    }

    /** After a request, and after an event stream has ended: gives its stream slot back. */
    public void after(Context ctx) {
        String client = ctx.attribute(STREAM_CLIENT);
        if (client != null) {
            ctx.attribute(STREAM_CLIENT, null);
            streams.close(client);
            signedInStreams.ended(ctx);
        }
    }

    @Override
    public void close() {
        signedInStreams.close();
    }

    /** The role a request has, if any. */
    Optional<Role> roleOf(Context ctx, InstanceAccess access) {
        return switch (access.mode()) {
            case Public -> Optional.of(Role.editor);
            case External -> {
                String user = ctx.header(access.userHeader());
                yield user == null || user.isBlank() ? Optional.empty() : Optional.of(Role.editor);
            }
            case Passcode -> {
                Optional<Role> session = SessionCookie.verify(ctx.cookie(SessionCookie.NAME), slug, access, clock.instant());
                yield session.isPresent() || access.viewers() != ViewerAccess.Public ? session : Optional.of(Role.viewer);
            }
        };
    }

    static boolean guarded(String path) {
        return (path.startsWith("/api/") && !path.equals(AppEnvironment.HEALTH_PATH)) || path.equals("/metrics");
    }

    static boolean isWrite(HandlerType method) {
        return method == HandlerType.POST || method == HandlerType.PUT || method == HandlerType.DELETE
                || method == HandlerType.PATCH;
    }

    /**
     * A browser names the page a write comes from in {@code Origin}: refused unless it is this calendar's
     * own host. No Origin (curl, a script) is no cross-site page; the SameSite=Strict cookie covers the rest.
     */
    static void requireSameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        String fetchSite = ctx.header("Sec-Fetch-Site");
        if ("cross-site".equalsIgnoreCase(fetchSite)) {
            throw crossOrigin();
        }
        if (origin == null) {
            return;
        }
        String host = ctx.header("Host");
        String originHost;
        try {
            originHost = URI.create(origin.trim()).getRawAuthority();
        } catch (IllegalArgumentException e) {
            throw crossOrigin();
        }
        if (host == null || originHost == null || !originHost.toLowerCase(Locale.ROOT).equals(host.trim().toLowerCase(Locale.ROOT))) {
            throw crossOrigin();
        }
    }

    /** The role the gate found for this request; none on open routes and before the calendar is provisioned. */
    public static Role roleAttribute(Context ctx) {
        return ctx.attribute(ROLE);
    }

    private static ApiError crossOrigin() {
        return new ApiError(403, "cross-origin", "changes are accepted only from the calendar's own page");
    }

    private static ApiError unauthorized(InstanceAccess access) {
        return access.mode() == AccessMode.External
                ? new ApiError(401, "sign-in-through-proxy", "sign in through the calendar's login page first: "
                        + "the request came without the sign-in proxy's user header")
                : new ApiError(401, "unauthenticated", "this calendar needs its passcode: POST /api/session {\"passcode\": ...}");
    }

    static ApiError tooMany(Context ctx, Duration wait, String message) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        ctx.header("Retry-After", Long.toString(seconds));
        return new ApiError(429, "too-many-requests", message + " (retry in " + seconds + " s)");
    }
}
