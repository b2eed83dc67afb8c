package dev.cps.calendar.app.access;

import dev.cps.calendar.api.AccessMode;
import dev.cps.calendar.api.InstanceAccess;
import dev.cps.calendar.api.PasscodeHash;
import dev.cps.calendar.api.ViewerAccess;
import dev.cps.calendar.app.http.ApiError;
import dev.cps.calendar.app.http.JsonBody;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/session}: GET says who you are here, POST {@code {passcode}} signs in (a signed,
 * HttpOnly, SameSite=Strict cookie; Secure on https), DELETE signs out. Wrong passcodes are counted
 * per client address and per pod; past the allowance the answer is 429 with {@code Retry-After},
 * before any passcode is checked.
 */
public final class SessionHandlers {

    private final String slug;
    private final AccessGate gate;
    private final AbuseLimits limits;
    private final Clock clock;
    private final RateLimit failedLogins;

    public SessionHandlers(String slug, AccessGate gate, AbuseLimits limits, Clock clock) {
        this.slug = slug;
        this.gate = gate;
        this.limits = limits;
        this.clock = clock;
        this.failedLogins = new RateLimit(limits.loginFailures(), limits.loginFailuresPerPod(), limits.loginLockout());
    }

    /** GET /api/session: {@code {role, access, viewers}}; reached only with a role (the gate answers 401 before). */
    public void get(Context ctx) {
        InstanceAccess access = gate.access().orElseThrow(ApiError::notProvisioned);
        Role role = AccessGate.roleAttribute(ctx);
        ctx.json(describe(access, role, ctx.cookie(SessionCookie.NAME) != null && access.mode() == AccessMode.Passcode));
    }

    /** POST /api/session {passcode} */
    public void create(Context ctx) {
        InstanceAccess access = gate.access().orElseThrow(ApiError::notProvisioned);
        if (access.mode() == AccessMode.Public) {
            ctx.json(describe(access, Role.editor, false));
            return;
        }
        if (access.mode() == AccessMode.External) {
            throw new ApiError(409, "no-passcode", "this calendar signs in through its login page, not with a passcode");
        }
        String client = ClientAddress.of(ctx);
        // spent before the slow check, so parallel guesses cannot all slip past the allowance
        failedLogins.take(client).ifPresent(wait -> {
            throw AccessGate.tooMany(ctx, wait, "too many wrong passcodes from your address");
        });
        String passcode = JsonBody.of(ctx).text("passcode", "\"k7mq-x2fp-9wdr-hb4e\"");
        Role role = PasscodeHash.matches(passcode, access.passcodeHash()) ? Role.editor
                : access.viewers() == ViewerAccess.Passcode && PasscodeHash.matches(passcode, access.viewerPasscodeHash())
                ? Role.viewer : null;
        if (role == null) {
            throw new ApiError(401, "wrong-passcode", "that is not this calendar's passcode");
        }
        failedLogins.refund(client);
        Instant expires = clock.instant().plus(limits.sessionLifetime());
        ctx.cookie(cookie(ctx, SessionCookie.issue(slug, access, role, expires), (int) limits.sessionLifetime().toSeconds()));
        ctx.json(describe(access, role, true));
    }

    /** DELETE /api/session: the cookie is dropped; answers 204 whether or not there was one. */
    public void delete(Context ctx) {
        ctx.cookie(cookie(ctx, "", 0));
        ctx.status(204);
    }

    private static Map<String, Object> describe(InstanceAccess access, Role role, boolean signedIn) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("role", role);
        body.put("access", access.mode());
        body.put("viewers", access.viewers());
        body.put("signedIn", signedIn);
        return body;
    }

    private static Cookie cookie(Context ctx, String value, int maxAgeSeconds) {
        boolean https = "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
        return new Cookie(SessionCookie.NAME, value, "/", maxAgeSeconds, https, true, null, SameSite.STRICT);
    }
}
