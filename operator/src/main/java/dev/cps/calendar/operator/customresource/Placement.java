package dev.cps.calendar.operator.customresource;

/** Which process serves a calendar. */
public enum Placement {
    /** Its own Deployment and Service (the default). */
    Dedicated,
    /** A pool Deployment of its namespace that serves many calendars by the request's Host. */
    Shared
}
