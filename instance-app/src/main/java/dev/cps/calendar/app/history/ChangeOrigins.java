package dev.cps.calendar.app.history;

import dev.cps.calendar.app.access.AccessGate;
import dev.cps.calendar.app.access.Role;
import io.javalin.http.Context;

/** The origin of a write request: the page names itself in {@link ChangeOrigin#CLIENT_HEADER}; the gate knows the role. */
public final class ChangeOrigins {

    private ChangeOrigins() {
    }

    public static ChangeOrigin of(Context ctx) {
        String client = ctx.header(ChangeOrigin.CLIENT_HEADER);
        ChangeOrigin.Source source = "page".equals(client) ? ChangeOrigin.Source.page
                : "undo".equals(client) ? ChangeOrigin.Source.undo : ChangeOrigin.Source.api;
        return of(ctx, source);
    }

    public static ChangeOrigin of(Context ctx, ChangeOrigin.Source source) {
        Role role = AccessGate.roleAttribute(ctx);
        return new ChangeOrigin(source, role == null ? null : role.name());
    }
}
