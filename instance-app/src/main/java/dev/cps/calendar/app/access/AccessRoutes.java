package dev.cps.calendar.app.access;

import io.javalin.config.RoutesConfig;

/** Who may open the calendar, added to the route table: the gate before every request, and the session routes. */
public final class AccessRoutes {

    private AccessRoutes() {
    }

    /** After {@code CalendarRoutes}: the gate runs after the security headers are set, and its errors use their shape. */
    public static void register(RoutesConfig routes, AccessGate gate, SessionHandlers sessions) {
        routes.before(gate::before);
        routes.after(gate::after);
        routes.get(AccessGate.SESSION_PATH, sessions::get);
        routes.post(AccessGate.SESSION_PATH, sessions::create);
        routes.delete(AccessGate.SESSION_PATH, sessions::delete);
    }
}
