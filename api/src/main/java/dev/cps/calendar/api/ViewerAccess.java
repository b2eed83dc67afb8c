package dev.cps.calendar.api;

/** Who may look at a {@link AccessMode#Passcode} calendar without being able to change it. */
public enum ViewerAccess {
    /** Only editors, with the passcode. */
    None,
    /** Whoever has the second, read-only passcode. */
    Passcode,
    /** Everyone may look; only editors may change. */
    Public
}
