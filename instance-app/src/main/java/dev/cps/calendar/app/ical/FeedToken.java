package dev.cps.calendar.app.ical;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The secret part of a feed URL. Calendar apps cannot sign in, so the URL is the credential: it is
 * checked in constant time (both sides hashed to the same length first, then {@link MessageDigest#isEqual}),
 * and a calendar without a token has no feed at all.
 */
public final class FeedToken {

    private FeedToken() {
    }

    /** Whether {@code given} is the calendar's token; false when the calendar has none. */
    public static boolean matches(String given, String expected) {
        if (given == null || expected == null || expected.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(sha256(given), sha256(expected));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
