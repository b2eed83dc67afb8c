package dev.cps.calendar.app.feed;

/** Hears every change of an instance, in feed order, and when the feed is lost or found again. */
public interface ChangeListener {

    void onChange(Change change);

    /** The store cannot be reached; changes may be missed until {@link #onResync()}. */
    default void onUnavailable(String message) {
    }

    /** The store is (again) reachable and the view of it was reloaded: anything may have changed. */
    default void onResync() {
    }
}
