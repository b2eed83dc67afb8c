package dev.cps.calendar.operator.access;

import io.fabric8.kubernetes.api.model.Secret;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the owned Secret {@code <slug>-access} holds: the passcodes the operator generated (none when
 * {@code access.passcodeSecret} names the user's own Secret), the key the app signs sessions with, and the
 * token of the calendar's feed URLs with the {@code spec.feedTokenRotation} it was made for.
 */
public record AccessSecretData(Optional<String> passcode, Optional<String> viewerPasscode, String sessionKey, String feedToken,
                               Optional<String> feedTokenRotation) {

    public static final String PASSCODE = "passcode";
    public static final String VIEWER_PASSCODE = "viewer-passcode";
    public static final String SESSION_KEY = "session-key";
    public static final String FEED_TOKEN = "feed-token";
    /** The {@code spec.feedTokenRotation} the feed token was generated for: a new value there means a new token. */
    public static final String FEED_TOKEN_ROTATION = "feed-token-rotation";

    private static final SecureRandom RANDOM = new SecureRandom();
    /** No 0/o, 1/l/i: a passcode is read off a screen and typed on a phone. */
    private static final char[] ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789".toCharArray();

    /** Four groups of four from 31 characters: about 79 bits, far beyond guessing at a few tries a minute. */
    public static String newPasscode() {
        StringBuilder passcode = new StringBuilder(19);
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 4 == 0) {
                passcode.append('-');
            }
            passcode.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return passcode.toString();
    }

    public static String newSessionKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** 256 random bits, URL-safe: the feed URL is the only credential a calendar app has. */
    public static String newFeedToken() {
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** A value of a Secret's {@code data}, decoded; empty when missing or blank. */
    public static Optional<String> valueIn(Secret secret, String key) {
        return Optional.ofNullable(secret).map(Secret::getData).map(data -> data.get(key))
                .map(encoded -> new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8).trim())
                .filter(value -> !value.isEmpty());
    }

    /** The Secret's {@code data}, base64 as the API server returns it (so an unchanged Secret compares equal). */
    public Map<String, String> data() {
        Map<String, String> data = new TreeMap<>();
        passcode.ifPresent(p -> data.put(PASSCODE, base64(p)));
        viewerPasscode.ifPresent(p -> data.put(VIEWER_PASSCODE, base64(p)));
        data.put(SESSION_KEY, base64(sessionKey));
        data.put(FEED_TOKEN, base64(feedToken));
        feedTokenRotation.ifPresent(r -> data.put(FEED_TOKEN_ROTATION, base64(r)));
        return data;
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
