package dev.cps.calendar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.cps.calendar.api.AccessMode;
import dev.cps.calendar.api.InstanceAccess;
import dev.cps.calendar.api.ViewerAccess;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Who may open the calendar. Left out entirely: {@code mode: Passcode}, a generated passcode, no viewers. */
@ValidationRule(value = "!has(self.viewers) || self.viewers == 'None' || !has(self.mode) || self.mode == 'Passcode'",
        message = "access.viewers needs mode: Passcode (Public lets everyone book, External leaves it to the proxy)",
        fieldPath = ".viewers")
@ValidationRule(value = "!has(self.passcodeSecret) || !has(self.mode) || self.mode == 'Passcode'",
        message = "access.passcodeSecret needs mode: Passcode: the other modes have no passcode",
        fieldPath = ".passcodeSecret")
@ValidationRule(value = "!has(self.userHeader) || (has(self.mode) && self.mode == 'External')",
        message = "access.userHeader needs mode: External: only a trusted proxy sets it",
        fieldPath = ".userHeader")
public class AccessSpec {

    public static final String SECRET_NAME_PATTERN = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";
    public static final String HEADER_PATTERN = "^[A-Za-z0-9-]+$";

    @JsonPropertyDescription("Passcode (default): editors need the calendar's passcode, kept in the Secret <slug>-access "
            + "(key passcode) that the operator generates. Public: anyone who reaches the host may read and book. "
            + "External: an authenticating proxy in front (oauth2-proxy, a Gateway's external auth) decides; the app "
            + "trusts the user header it sets.")
    private AccessMode mode;

    @JsonPropertyDescription("Mode Passcode only: who may look without changing anything. None (default): editors only. "
            + "Passcode: whoever has the second, read-only passcode (key viewer-passcode). Public: everyone may look.")
    private ViewerAccess viewers;

    @Size(max = 253)
    @Pattern(SECRET_NAME_PATTERN)
    @ValidationRule(value = "self.matches(r'" + SECRET_NAME_PATTERN + "')",
            message = "access.passcodeSecret must be the name of a Secret in this namespace, e.g. eclipse-passcodes")
    @JsonPropertyDescription("Mode Passcode only: an existing Secret in this namespace with key passcode (and "
            + "viewer-passcode with viewers: Passcode) to use instead of generated passcodes.")
    private String passcodeSecret;

    @Size(max = 100)
    @Pattern(HEADER_PATTERN)
    @ValidationRule(value = "self.matches(r'" + HEADER_PATTERN + "')",
            message = "access.userHeader must be an HTTP header name such as X-Auth-Request-User")
    @JsonPropertyDescription("Mode External only: the header the proxy names the signed-in user in. "
            + "Default X-Auth-Request-User (oauth2-proxy).")
    private String userHeader;

    public AccessMode getMode() {
        return mode;
    }

    public void setMode(AccessMode mode) {
        this.mode = mode;
    }

    public ViewerAccess getViewers() {
        return viewers;
    }

    public void setViewers(ViewerAccess viewers) {
        this.viewers = viewers;
    }

    public String getPasscodeSecret() {
        return passcodeSecret;
    }

    public void setPasscodeSecret(String passcodeSecret) {
        this.passcodeSecret = passcodeSecret;
    }

    public String getUserHeader() {
        return userHeader;
    }

    public void setUserHeader(String userHeader) {
        this.userHeader = userHeader;
    }

    /** Secure by default: no access section is a passcode-protected calendar. */
    public static AccessMode modeOf(AccessSpec access) {
        return access == null || access.mode == null ? AccessMode.Passcode : access.mode;
    }

    public static ViewerAccess viewersOf(AccessSpec access) {
        return access == null || access.viewers == null ? ViewerAccess.None : access.viewers;
    }

    public static String userHeaderOf(AccessSpec access) {
        return access == null || access.userHeader == null ? InstanceAccess.DEFAULT_USER_HEADER : access.userHeader;
    }
}
