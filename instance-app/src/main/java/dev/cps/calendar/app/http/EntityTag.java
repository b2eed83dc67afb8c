package dev.cps.calendar.app.http;

import io.javalin.http.Context;
import io.javalin.http.Header;

/**
 * The {@code ETag} of an answer made of ready bytes, and the {@code If-None-Match} check: a client
 * that already has this version gets {@code 304 Not Modified} and no body (the page's polling
 * fallback asks this way, RFC 9110 section 13.1.2).
 */
final class EntityTag {

    private EntityTag() {
    }

    /** {@code "<16 hex digits>"}: a strong tag, the bytes are the same wherever they are made. */
    static String of(long hash) {
        char[] tag = new char[18];
        tag[0] = '"';
        tag[17] = '"';
        for (int i = 16; i >= 1; i--, hash >>>= 4) {
            tag[i] = Character.forDigit((int) (hash & 0xf), 16);
        }
        return new String(tag);
    }

    /** Sets the tag; true when the client has this version already (the answer is then 304, without body). */
    static boolean notModified(Context ctx, String tag) {
        ctx.header(Header.ETAG, tag);
        String ifNoneMatch = ctx.header(Header.IF_NONE_MATCH);
        if (ifNoneMatch == null || !matches(ifNoneMatch, tag)) {
            return false;
        }
        ctx.status(304);
        return true;
    }

    /** Weak comparison, as If-None-Match uses: {@code W/} is ignored; {@code *} matches any. */
    static boolean matches(String ifNoneMatch, String tag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String t = candidate.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(tag)) {
                return true;
            }
        }
        return false;
    }
}
