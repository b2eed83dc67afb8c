package dev.cps.calendar.app.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;

/**
 * One day's bookings as the API sends them, as ready bytes: made once per version of the day (a
 * {@code DaySchedule} never changes), so a read copies bytes and renders nothing. {@link #hash} is
 * a digest of the content, so every replica gives the same day the same {@link EntityTag}.
 *
 * @param body  {@code {"10:00": {...}}}, the answer of {@code GET /api/bookings/{date}}
 * @param entry {@code "2024-01-21":{...}}, the day inside {@code GET /api/bookings}
 * @param tag   the day's {@code ETag}
 */
record DayJson(byte[] body, byte[] entry, long hash, String tag) {

    static DayJson of(LocalDate date, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] entry = ("\"" + date + "\":" + json).getBytes(StandardCharsets.UTF_8);
        long hash = digest(entry);
        return new DayJson(body, entry, hash, EntityTag.of(hash));
    }

    private static long digest(byte[] bytes) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(bytes);
            long hash = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                hash = hash << 8 | (sha[i] & 0xff);
            }
            return hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
