package dev.cps.calendar.app.ical;

import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.domain.BookingRules;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.parameter.Value;
import net.fortuna.ical4j.model.property.Created;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.Name;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.RefreshInterval;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Collection;

/**
 * An RFC 5545 calendar of bookings, written with ical4j. What a subscribed calendar app needs to
 * update reliably: one stable {@code UID} per booking (its creation time and the calendar's slug, which
 * stay through changes and moves), {@code SEQUENCE} raised by each change, {@code DTSTAMP}, the zone's
 * {@code VTIMEZONE} so local hours stay right across DST, and how often to look again
 * ({@code REFRESH-INTERVAL}, {@code X-PUBLISHED-TTL}). A deleted booking is simply not in it.
 */
public final class IcsFeed {

    /** How often calendar apps should fetch the feed again. */
    public static final Duration REFRESH = Duration.ofMinutes(15);
    private static final TimeZoneRegistry ZONES = TimeZoneRegistryFactory.getInstance().createRegistry();

    private IcsFeed() {
    }

    /** The calendar's UID of a booking: the same in the calendar's feed and its user's feed. */
    public static String uid(String slug, Booking booking) {
        Instant created = booking.createdAt();
        return "booking-" + created.getEpochSecond() + "-" + created.getNano() + "@" + slug + ".calendar.cps.dev";
    }

    /** The feed of {@code bookings} (already limited to a window and, for a user's feed, to theirs). */
    public static String write(InstanceConfig config, String name, Collection<Booking> bookings, Instant now) {
        ZoneId zone = BookingRules.zone(config.timezone());
        Calendar calendar = new Calendar();
        calendar.add(new ProdId("-//cps.dev//Calendar Operator//EN"));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        calendar.add(new Name(name));
        calendar.add(new XProperty("X-WR-CALNAME", name));
        calendar.add(new RefreshInterval(new ParameterList(java.util.List.of(Value.DURATION)), REFRESH));
        calendar.add(new XProperty("X-PUBLISHED-TTL", REFRESH.toString()));
        VTimeZone vTimeZone = vTimeZone(zone);
        calendar.add(vTimeZone);
        DtStamp stamp = new DtStamp(now.truncatedTo(ChronoUnit.SECONDS));
        for (Booking booking : bookings) {
            LocalDateTime start = booking.date().atTime(booking.startHour(), 0);
            ZonedDateTime begins = start.atZone(zone);
            // the end in local time, as the booking says (24:00 is the next day's 00:00)
            ZonedDateTime ends = start.plusHours(booking.duration()).atZone(zone);
            VEvent event = new VEvent(begins, ends, booking.user());
            event.add(new Uid(uid(config.slug(), booking)));
            event.replace(stamp);
            event.add(new Created(booking.createdAt().truncatedTo(ChronoUnit.SECONDS)));
            event.add(new Sequence(booking.sequence()));
            calendar.add(event);
        }
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(false).output(calendar, out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the feed", e);
        }
        return out.toString();
    }

    private static VTimeZone vTimeZone(ZoneId zone) {
        net.fortuna.ical4j.model.TimeZone timeZone = ZONES.getTimeZone(zone.getId());
        if (timeZone == null) {
            timeZone = ZONES.getTimeZone("UTC");
        }
        return timeZone.getVTimeZone();
    }
}
