package dev.cps.calendar.app.access;

/** What a signed-in (or public) visitor may do. */
public enum Role {
    /** Reads, follows and books. */
    editor,
    /** Reads and follows the calendar live; cannot change anything. */
    viewer;

    public boolean mayWrite() {
        return this == editor;
    }
}
