package dev.cps.calendar.app.access;

import dev.cps.calendar.api.InstanceAccess;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The session cookie's value: {@code <role>.<expires epoch second>.<signature>}, the signature an
 * HMAC-SHA256 with the instance's session key over the slug, role, expiry and the passcode hashes.
 * So a cookie of another instance (other key, other slug) is refused, and changing a passcode (a new
 * hash) ends every session at once, without a list of sessions anywhere.
 */
public final class SessionCookie {

    public static final String NAME = "calendar_session";

    private SessionCookie() {
    }

    public static String issue(String slug, InstanceAccess access, Role role, Instant expires) {
        long seconds = expires.getEpochSecond();
        return role.name() + "." + seconds + "." + signature(slug, access, role, seconds);
    }

    /** The role a cookie grants, if it is this instance's, signed for its current passcodes, and not expired. */
    public static Optional<Role> verify(String value, String slug, InstanceAccess access, Instant now) {
        if (value == null || access.sessionKey() == null || value.length() > 200) {
            return Optional.empty();
        }
        String[] parts = value.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        Role role;
        long expires;
        try {
            role = Role.valueOf(parts[0]);
            expires = Long.parseLong(parts[1]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        byte[] expected = signature(slug, access, role, expires).getBytes(StandardCharsets.US_ASCII);
        boolean signed = MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII)); // constant time
        return signed && now.getEpochSecond() < expires ? Optional.of(role) : Optional.empty();
    }

    private static String signature(String slug, InstanceAccess access, Role role, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(access.sessionKey()), "HmacSHA256"));
            String signed = String.join("\n", "calendar-session-v1", slug, role.name(), Long.toString(expires),
                    String.valueOf(access.passcodeHash()), String.valueOf(access.viewerPasscodeHash()));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the calendar's session key cannot sign", e);
        }
    }
}
