package dev.cps.calendar.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code access} section of the {@link InstanceConfig}: who may open the calendar. The operator
 * writes it; the app reads it and never sends it to a browser (it holds secrets).
 *
 * @param passcodeHash       the editors' passcode as a {@link PasscodeHash} (never the passcode itself)
 * @param viewerPasscodeHash the read-only passcode's hash, with {@code viewers: Passcode}
 * @param sessionKey         base64 of the per-instance key the app signs its session cookies with
 * @param userHeader         {@link AccessMode#External}: the header the proxy names the signed-in user in
 * @param feedToken          the secret part of the calendar's iCalendar feed URLs, in every mode; absent: no feed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InstanceAccess(
        AccessMode mode,
        ViewerAccess viewers,
        String passcodeHash,
        String viewerPasscodeHash,
        String sessionKey,
        String userHeader,
        String feedToken) {

    public InstanceAccess(AccessMode mode, ViewerAccess viewers, String passcodeHash, String viewerPasscodeHash,
                          String sessionKey, String userHeader) {
        this(mode, viewers, passcodeHash, viewerPasscodeHash, sessionKey, userHeader, null);
    }

    /** What a config without an access section (written before access existed) means. */
    public static final InstanceAccess PUBLIC = new InstanceAccess(AccessMode.Public, ViewerAccess.Public, null, null, null, null);
    /** The header oauth2-proxy sets (and ingress-nginx's auth-url passes on) for the signed-in user. */
    public static final String DEFAULT_USER_HEADER = "X-Auth-Request-User";

    public static InstanceAccess passcode(ViewerAccess viewers, String passcodeHash, String viewerPasscodeHash, String sessionKey) {
        return new InstanceAccess(AccessMode.Passcode, viewers, passcodeHash, viewerPasscodeHash, sessionKey, null);
    }

    public static InstanceAccess external(String userHeader) {
        return new InstanceAccess(AccessMode.External, ViewerAccess.None, null, null, null,
                userHeader == null || userHeader.isBlank() ? DEFAULT_USER_HEADER : userHeader);
    }

    public InstanceAccess withFeedToken(String token) {
        return new InstanceAccess(mode, viewers, passcodeHash, viewerPasscodeHash, sessionKey, userHeader, token);
    }

    /** This section with its defaults, as the app should use it; {@code null} reads as {@link #PUBLIC}. */
    public static InstanceAccess orPublic(InstanceAccess access) {
        if (access == null) {
            return PUBLIC;
        }
        String token = access.feedToken() == null || access.feedToken().isBlank() ? null : access.feedToken();
        if (access.mode() == null || access.mode() == AccessMode.Public) {
            return PUBLIC.withFeedToken(token);
        }
        if (access.mode() == AccessMode.External) {
            return external(access.userHeader()).withFeedToken(token);
        }
        return new InstanceAccess(AccessMode.Passcode, access.viewers() == null ? ViewerAccess.None : access.viewers(),
                access.passcodeHash(), access.viewerPasscodeHash(), access.sessionKey(), null, token);
    }
}
