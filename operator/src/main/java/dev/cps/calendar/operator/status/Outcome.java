package dev.cps.calendar.operator.status;

/** What one reconcile found out; the status is computed from it. */
public sealed interface Outcome {

    /** The spec asks for something the schema could not refuse (e.g. a time zone that does not exist). */
    record InvalidSpec(String message) implements Outcome {
    }

    /** Another resource holds the slug. */
    record SlugConflict(String message) implements Outcome {
    }

    /** Redis did not answer; the reconcile is retried. {@code readyReplicas} null when unknown. */
    record RedisUnavailable(String message, Integer readyReplicas) implements Outcome {
    }

    /** Applied, but the route the calendar asks for cannot be made here (e.g. no Gateway API CRDs). */
    record RouteUnsupported(String message, Applied applied) implements Outcome {
    }

    /**
     * Redis is seeded and the children are applied; how far the app is, how many upcoming bookings
     * the config no longer fits ({@link dev.cps.calendar.api.BookingFit}), where it runs now
     * ({@code placement}, shown by kubectl) and the pool that has it as a member ({@code pool}, null for none).
     */
    record Applied(String slug, String url, boolean suspended, int readyReplicas, int orphanedBookings, String placement,
                   String pool) implements Outcome {

        /** A Dedicated calendar. */
        public Applied(String slug, String url, boolean suspended, int readyReplicas, int orphanedBookings) {
            this(slug, url, suspended, readyReplicas, orphanedBookings, "Dedicated", null);
        }
    }
}
