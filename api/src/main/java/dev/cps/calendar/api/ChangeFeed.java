package dev.cps.calendar.api;

/**
 * The change feed of an instance: a Redis stream at {@link InstanceKeys#changeFeed()}.
 * Each entry has a {@link #TYPE} field (one of the constants below) and a {@link #DATA}
 * field holding JSON. The stream entry id is the event id the app sends to browsers,
 * so a browser that reconnects with {@code Last-Event-ID} can be given what it missed.
 */
public final class ChangeFeed {

    public static final String TYPE = "type";
    public static final String DATA = "data";

    /** data: a {@link PlacedBooking}, {@code {"date","time","booking":{user,duration,createdAt,sequence?}}} */
    public static final String BOOKING_CREATED = "booking-created";
    /** data: a {@link PlacedBooking}, {@code {"date","time","booking":{...}}} */
    public static final String BOOKING_UPDATED = "booking-updated";
    /** data: a {@link PlacedBooking} without its booking, {@code {"date","time"}} */
    public static final String BOOKING_DELETED = "booking-deleted";
    /** data: the new {@link InstanceConfig} JSON. Written by the operator after it writes the config. */
    public static final String CONFIG_CHANGED = "config-changed";

    /** Entries kept (approximately, {@code XADD MAXLEN ~}): enough to resume after a long reconnect. */
    public static final long MAX_LENGTH = 10_000;

    private ChangeFeed() {
    }
}
