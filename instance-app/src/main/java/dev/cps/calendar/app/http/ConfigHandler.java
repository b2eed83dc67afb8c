package dev.cps.calendar.app.http;

import io.javalin.http.Context;

/** {@code GET /api/config}: the config with defaults filled in and colors as CSS. */
final class ConfigHandler {

    private final Availability availability;

    ConfigHandler(Availability availability) {
        this.availability = availability;
    }

    void get(Context ctx) {
        ctx.contentType("application/json").result(availability.require().json());
    }
}
