package dev.cps.calendar.operator.customresource;

/** What happens to an instance's Redis data when its CalendarInstance is deleted. */
public enum DeletionPolicy {
    /** Remove the bookings, config, ACL user and slug claim. */
    Delete,
    /** Keep them: a later CalendarInstance with the same slug in the same namespace adopts the data. */
    Retain
}
