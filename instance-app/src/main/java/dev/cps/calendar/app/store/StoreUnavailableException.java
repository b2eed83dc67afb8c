package dev.cps.calendar.app.store;

/** The store (Redis) cannot be reached right now; nothing was changed. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreUnavailableException(String message) {
        super(message);
    }
}
