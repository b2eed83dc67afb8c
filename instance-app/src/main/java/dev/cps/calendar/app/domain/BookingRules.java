package dev.cps.calendar.app.domain;

import dev.cps.calendar.api.BookableHours;
import dev.cps.calendar.api.CalendarUser;
import dev.cps.calendar.api.InstanceConfig;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a valid booking is for one calendar: a real {@code YYYY-MM-DD} date, an {@code HH:00}
 * time inside the bookable hours, 1 to 3 hours that end by the end of the bookable hours, and
 * one of the calendar's users, on a date from {@value #YEARS_BACK} years before to
 * {@value #YEARS_AHEAD} years after today in the calendar's zone (so one client cannot fill the
 * store with bookings in the year 9999). Overlaps are the store's to check: they depend on what is booked.
 */
public final class BookingRules {

    public static final int MIN_DURATION = 1;
    public static final int MAX_DURATION = 3;
    /** The bookable dates: this many years back from today ... */
    public static final int YEARS_BACK = 2;
    /** ... to this many years ahead. */
    public static final int YEARS_AHEAD = 5;

    private static final Pattern DATE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");
    private static final Pattern TIME = Pattern.compile("^([01]\\d|2[0-3]):00$");
    private static final DateTimeFormatter STRICT_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);

    private final BookableHours hours;
    private final List<String> userNames;
    private final ZoneId zone;

    /** @param config a config with final values (the app's ActiveConfig resolves the stored one) */
    public BookingRules(InstanceConfig config) {
        this.hours = config.hours();
        this.userNames = config.users().stream().map(CalendarUser::name).toList();
        this.zone = zone(config.timezone());
    }

    /** The calendar's zone; one that is not a known IANA zone counts as UTC (a config with one is refused before). */
    public static ZoneId zone(String timezone) {
        try {
            return ZoneId.of(timezone);
        } catch (RuntimeException e) {
            return ZoneOffset.UTC;
        }
    }

    /** The booking the request describes, created at {@code now}; or why there is none. */
    public Booking check(BookingRequest request, Instant now) {
        LocalDate date = bookableDate(request.date(), now);
        int hour = bookableHour(request.time());
        int duration = duration(request.duration(), hour);
        requireExistingHours(date, hour, duration);
        String user = user(request.user());
        return new Booking(date, hour, user, duration, now);
    }

    /** The slot named by a date and time, as used to find an existing booking (not checked against the hours). */
    public static Slot slot(String date, String time) {
        return new Slot(date(date), hour(time));
    }

    public static LocalDate date(String value) {
        if (value == null) {
            throw new InvalidBookingException("date is missing: give it as YYYY-MM-DD");
        }
        if (!DATE.matcher(value).matches()) {
            throw new InvalidBookingException("date must be YYYY-MM-DD, got \"" + value + "\"");
        }
        try {
            return LocalDate.parse(value, STRICT_DATE);
        } catch (DateTimeParseException e) {
            throw new InvalidBookingException(value + " is not a real date");
        }
    }

    public static int hour(String value) {
        if (value == null) {
            throw new InvalidBookingException("time is missing: give it as HH:00");
        }
        if (!TIME.matcher(value).matches()) {
            throw new InvalidBookingException("time must be a whole hour HH:00 (00:00 to 23:00), got \"" + value + "\"");
        }
        return Integer.parseInt(value.substring(0, 2));
    }

    /** Today in the calendar's zone. */
    public LocalDate today(Instant now) {
        return now.atZone(zone).toLocalDate();
    }

    private LocalDate bookableDate(String value, Instant now) {
        LocalDate date = date(value);
        LocalDate today = today(now);
        LocalDate first = today.minusYears(YEARS_BACK);
        LocalDate last = today.plusYears(YEARS_AHEAD);
        if (date.isBefore(first) || date.isAfter(last)) {
            throw new InvalidBookingException(date + " is outside the bookable dates " + first + " to " + last
                    + " (" + YEARS_BACK + " years back to " + YEARS_AHEAD + " years ahead)");
        }
        return date;
    }

    /**
     * On the day the clocks go forward an hour is skipped: it cannot be booked. (An hour that
     * occurs twice when they go back stays one slot: bookings are by local hour.)
     */
    private void requireExistingHours(LocalDate date, int hour, int duration) {
        for (int h = hour; h < hour + duration; h++) {
            if (zone.getRules().getValidOffsets(date.atTime(h, 0)).isEmpty()) {
                throw new InvalidBookingException(Slot.time(h) + " does not exist on " + date + " in " + zone.getId()
                        + ": the clocks go forward over it");
            }
        }
    }

    private int bookableHour(String time) {
        int hour = hour(time);
        if (hour < hours.start() || hour >= hours.end()) {
            throw new InvalidBookingException(time + " is outside the bookable hours " + range());
        }
        return hour;
    }

    private int duration(Integer value, int hour) {
        if (value == null) {
            throw new InvalidBookingException("duration is missing: give 1, 2 or 3 hours");
        }
        if (value < MIN_DURATION || value > MAX_DURATION) {
            throw new InvalidBookingException("duration must be 1, 2 or 3 hours, got " + value);
        }
        if (hour + value > hours.end()) {
            throw new InvalidBookingException("a " + value + "-hour booking at " + Slot.time(hour)
                    + " would end after the bookable hours " + range());
        }
        return value;
    }

    private String user(String name) {
        if (name == null) {
            throw new InvalidBookingException("user is missing: give one of " + String.join(", ", userNames));
        }
        if (!userNames.contains(name)) {
            throw new InvalidBookingException("\"" + name + "\" is not a user of this calendar; its users are "
                    + userNames.stream().collect(Collectors.joining(", ")));
        }
        return name;
    }

    private String range() {
        return Slot.time(hours.start()) + "-" + Slot.time(hours.end());
    }
}
