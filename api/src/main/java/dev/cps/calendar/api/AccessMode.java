package dev.cps.calendar.api;

/** Who may open a calendar: the {@code mode} of its {@link InstanceAccess}. */
public enum AccessMode {
    /** Editors need the calendar's passcode (the default for a new CalendarInstance). */
    Passcode,
    /** Anyone who reaches the host may read and book: the calendar's URL is its only secret. */
    Public,
    /** An authenticating proxy in front (oauth2-proxy, a Gateway's external auth) decides; the app trusts its header. */
    External
}
