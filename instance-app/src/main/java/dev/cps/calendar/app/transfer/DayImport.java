package dev.cps.calendar.app.transfer;

import dev.cps.calendar.app.domain.Booking;

import java.util.List;

/**
 * What importing one day's bookings did (or, in a dry run, would do): the bookings created, those that
 * were there already (the same booking: re-running an import is harmless), and those refused because
 * they overlap one that is there, which is never overwritten.
 */
public record DayImport(List<Booking> created, List<Booking> alreadyThere, List<Conflict> conflicts) {

    /** {@code wanted} overlaps {@code existing}, which stays. */
    public record Conflict(Booking wanted, Booking existing) {
    }
}
