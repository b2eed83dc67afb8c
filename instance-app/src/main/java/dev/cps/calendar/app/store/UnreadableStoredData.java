package dev.cps.calendar.app.store;

/**
 * Stored data this app cannot read (a booking that is not JSON, lacks a field, or has a time that is no
 * hour). It is the server's fault, never the client's: a read skips such an entry ({@link BadStoredData});
 * a request that needs it fails with a 500 and a line in the log.
 */
public final class UnreadableStoredData extends RuntimeException {

    public UnreadableStoredData(String message, Throwable cause) {
        super(message, cause);
    }
}
