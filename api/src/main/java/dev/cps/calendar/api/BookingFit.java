package dev.cps.calendar.api;

import java.util.Optional;

/**
 * Whether a booking still fits its calendar. Bookings are checked when they are made; an edit of
 * the CalendarInstance afterwards (a user renamed or removed, the hours narrowed) can leave some
 * that belong to no current user or fall outside the hours. They still hold their slots, so the
 * operator counts them in the status and the page lists them for an editor to remove or reassign.
 */
public final class BookingFit {

    private BookingFit() {
    }

    /** Why the booking of {@code user} from {@code startHour} for {@code duration} hours no longer fits; empty if it fits. */
    public static Optional<String> problem(InstanceConfig config, String user, int startHour, int duration) {
        boolean known = config.users() != null && config.users().stream().anyMatch(u -> u.name().equals(user));
        if (!known) {
            return Optional.of(user + " is no longer a user of this calendar");
        }
        BookableHours hours = config.hours() != null ? config.hours() : BookableHours.DEFAULT;
        if (startHour < hours.start() || startHour + duration > hours.end()) {
            return Optional.of(String.format("%02d:00-%02d:00 is outside the bookable hours %02d:00-%02d:00",
                    startHour, startHour + duration, hours.start(), hours.end()));
        }
        return Optional.empty();
    }
}
