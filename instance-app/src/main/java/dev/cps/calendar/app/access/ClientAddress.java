package dev.cps.calendar.app.access;

import io.javalin.http.Context;

/**
 * The address the abuse limits count a request against. Behind an Ingress every request comes from
 * the controller, so the last {@code X-Forwarded-For} entry (the one the nearest proxy added, which a
 * client cannot choose) is taken when there is one; reached directly, the peer's address.
 */
final class ClientAddress {

    private ClientAddress() {
    }

    static String of(Context ctx) {
        String forwarded = ctx.header("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            String[] hops = forwarded.split(",");
            String last = hops[hops.length - 1].trim();
            if (!last.isEmpty() && last.length() <= 64) {
                return last;
            }
        }
        return ctx.ip();
    }
}
