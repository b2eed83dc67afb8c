package dev.cps.calendar.app.store;

/** The storage refused a write because it is full (Redis at {@code maxmemory} with no eviction); reads still work. */
public final class StorageFullException extends RuntimeException {

    public StorageFullException(String message) {
        super(message);
    }
}
