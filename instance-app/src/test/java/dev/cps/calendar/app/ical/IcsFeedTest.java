package dev.cps.calendar.app.ical;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.io.TimezoneAssignment;
import dev.cps.calendar.api.BookableHours;
import dev.cps.calendar.api.CalendarUser;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.domain.Slot;
import dev.cps.calendar.app.history.ChangeOrigin;
import dev.cps.calendar.app.store.InMemoryBookingStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feed ical4j writes, read back by an independent parser (biweekly), property by property: what a
 * subscribed calendar app needs to show the bookings at the right hours and to update them reliably.
 */
class IcsFeedTest {

    static final Instant NOW = Instant.parse("2024-09-01T08:00:00Z");
    static final Instant CREATED = Instant.parse("2024-08-30T07:15:30.123456Z");

    static InstanceConfig calendar(String slug, String zone) {
        return new InstanceConfig(slug, "Team " + slug, null, "Team " + slug,
                List.of(new CalendarUser("Jack", "j", null), new CalendarUser("Bonnie", "b", null)), java.util.Map.of(), zone,
                new BookableHours(0, 24), NOW, NOW);
    }

    static ICalendar parse(String feed) {
        List<ICalendar> calendars = Biweekly.parse(feed).all();
        assertThat(calendars).as("one calendar in the feed").hasSize(1);
        return calendars.get(0);
    }

    /**
     * The instant a compliant client reads: the local wall time and TZID as biweekly parsed them, in that
     * zone. (biweekly's own conversion through the VTIMEZONE takes the rules' onsets as UTC and is an hour
     * off on the day of a change in Sydney, so the VTIMEZONE is checked separately, in {@link #observances}.)
     */
    static Instant read(ICalendar ical, biweekly.property.DateOrDateTimeProperty property) {
        TimezoneAssignment zone = ical.getTimezoneInfo().getTimezone(property);
        assertThat(zone).as("the time carries the TZID of the feed's VTIMEZONE").isNotNull();
        biweekly.util.DateTimeComponents local = property.getValue().getRawComponents();
        return java.time.LocalDateTime.of(local.getYear(), local.getMonth(), local.getDate(), local.getHour(), local.getMinute(),
                local.getSecond()).atZone(java.time.ZoneId.of(zone.getComponent().getTimezoneId().getValue())).toInstant();
    }

    /** The offsets and months of the VTIMEZONE's current yearly rules, as biweekly parsed them: "STANDARD +10:00 in 4". */
    static java.util.Set<String> observances(ICalendar ical) {
        java.util.Set<String> rules = new java.util.TreeSet<>();
        biweekly.component.VTimezone tz = ical.getTimezoneInfo().getComponents().iterator().next();
        List<biweekly.component.Observance> all = new java.util.ArrayList<>(tz.getStandardTimes());
        all.addAll(tz.getDaylightSavingsTime());
        for (biweekly.component.Observance o : all) {
            if (o.getRecurrenceRule() != null && o.getRecurrenceRule().getValue().getUntil() == null) {
                long minutes = o.getTimezoneOffsetTo().getValue().getMillis() / 60_000;
                rules.add((o instanceof biweekly.component.DaylightSavingsTime ? "DAYLIGHT " : "STANDARD ")
                        + java.time.ZoneOffset.ofTotalSeconds((int) minutes * 60) + " in "
                        + o.getRecurrenceRule().getValue().getByMonth());
            }
        }
        return rules;
    }

    static VEvent only(ICalendar ical) {
        assertThat(ical.getEvents()).hasSize(1);
        return ical.getEvents().get(0);
    }

    @Test
    void everyPropertyASubscriberNeedsIsThereAndReadsBackAsWritten() {
        Booking jack = new Booking(LocalDate.of(2024, 9, 2), 10, "Jack", 2, CREATED, 3);
        String feed = IcsFeed.write(calendar("eclipse", "Europe/Lisbon"), "Team eclipse", List.of(jack), NOW);

        ICalendar ical = parse(feed);
        assertThat(ical.getProductId().getValue()).contains("Calendar Operator");
        assertThat(ical.getRefreshInterval().getValue().toMillis()).isEqualTo(Duration.ofMinutes(15).toMillis());
        assertThat(ical.getExperimentalProperty("X-PUBLISHED-TTL").getValue()).isEqualTo("PT15M");
        assertThat(ical.getExperimentalProperty("X-WR-CALNAME").getValue()).isEqualTo("Team eclipse");
        assertThat(ical.getTimezoneInfo().getComponents()).as("one VTIMEZONE")
                .singleElement().satisfies(tz -> assertThat(tz.getTimezoneId().getValue()).isEqualTo("Europe/Lisbon"));

        VEvent event = only(ical);
        assertThat(event.getUid().getValue()).isEqualTo(IcsFeed.uid("eclipse", jack)).contains("@eclipse.");
        assertThat(event.getSequence().getValue()).isEqualTo(3);
        assertThat(event.getSummary().getValue()).isEqualTo("Jack");
        assertThat(event.getDateTimeStamp().getValue().toInstant()).isEqualTo(NOW);
        assertThat(event.getCreated().getValue().toInstant()).isEqualTo(Instant.parse("2024-08-30T07:15:30Z"));
        TimezoneAssignment zone = ical.getTimezoneInfo().getTimezone(event.getDateStart());
        assertThat(zone).as("DTSTART carries the TZID of the VTIMEZONE").isNotNull();
        assertThat(zone.getComponent().getTimezoneId().getValue()).isEqualTo("Europe/Lisbon");
        // 10:00 in Lisbon in September is summer time, UTC+1
        assertThat(read(ical, event.getDateStart())).isEqualTo(Instant.parse("2024-09-02T09:00:00Z"));
        assertThat(read(ical, event.getDateEnd())).isEqualTo(Instant.parse("2024-09-02T11:00:00Z"));
        assertThat(event.getDateStart().getValue().toInstant()).as("biweekly's own conversion agrees away from a change")
                .isEqualTo(Instant.parse("2024-09-02T09:00:00Z"));
        assertThat(feed).contains("\r\n").as("RFC 5545 lines end with CRLF");
    }

    @Test
    void aBookingAcrossTheEndOfSummerTimeInLisbonLastsItsLocalHoursWhichAreFourRealOnes() {
        // 27 October 2024: at 02:00 summer time (UTC+1) the clocks go back to 01:00 (UTC+0)
        Booking night = new Booking(LocalDate.of(2024, 10, 27), 0, "Bonnie", 3, CREATED);
        Booking winter = new Booking(LocalDate.of(2024, 12, 2), 10, "Jack", 1, CREATED.plusSeconds(1));

        ICalendar ical = parse(IcsFeed.write(calendar("lisbon", "Europe/Lisbon"), "Lisbon", List.of(night, winter), NOW));

        assertThat(observances(ical)).containsExactly("DAYLIGHT +01:00 in [3]", "STANDARD Z in [10]");
        VEvent crossing = ical.getEvents().get(0);
        assertThat(read(ical, crossing.getDateStart())).isEqualTo(Instant.parse("2024-10-26T23:00:00Z"));
        assertThat(read(ical, crossing.getDateEnd())).isEqualTo(Instant.parse("2024-10-27T03:00:00Z"));
        assertThat(read(ical, ical.getEvents().get(1).getDateStart()))
                .as("10:00 in December is UTC+0").isEqualTo(Instant.parse("2024-12-02T10:00:00Z"));
    }

    @Test
    void bookingsAcrossBothDstChangesInSydneyAreAtTheirLocalHours() {
        // 7 April 2024: at 03:00 daylight time (UTC+11) the clocks go back to 02:00 (UTC+10)
        Booking autumn = new Booking(LocalDate.of(2024, 4, 7), 1, "Jack", 3, CREATED);
        // 6 October 2024: at 02:00 standard time (UTC+10) the clocks go forward to 03:00 (UTC+11)
        Booking spring = new Booking(LocalDate.of(2024, 10, 6), 3, "Bonnie", 2, CREATED.plusSeconds(1));
        Booking beforeSpring = new Booking(LocalDate.of(2024, 10, 6), 0, "Jack", 1, CREATED.plusSeconds(2));

        ICalendar ical = parse(IcsFeed.write(calendar("sydney", "Australia/Sydney"), "Sydney",
                List.of(autumn, beforeSpring, spring), NOW));

        assertThat(ical.getTimezoneInfo().getComponents()).singleElement()
                .satisfies(tz -> assertThat(tz.getTimezoneId().getValue()).isEqualTo("Australia/Sydney"));
        assertThat(observances(ical)).containsExactly("DAYLIGHT +11:00 in [10]", "STANDARD +10:00 in [4]");
        VEvent a = ical.getEvents().get(0);
        assertThat(read(ical, a.getDateStart())).isEqualTo(Instant.parse("2024-04-06T14:00:00Z"));
        assertThat(read(ical, a.getDateEnd())).as("01:00 to 04:00 local is four real hours")
                .isEqualTo(Instant.parse("2024-04-06T18:00:00Z"));
        assertThat(read(ical, ical.getEvents().get(1).getDateStart())).as("00:00 is still UTC+10")
                .isEqualTo(Instant.parse("2024-10-05T14:00:00Z"));
        VEvent s = ical.getEvents().get(2);
        assertThat(read(ical, s.getDateStart())).as("03:00 is already UTC+11").isEqualTo(Instant.parse("2024-10-05T16:00:00Z"));
        assertThat(read(ical, s.getDateEnd())).isEqualTo(Instant.parse("2024-10-05T18:00:00Z"));
    }

    @Test
    void aMoveKeepsTheUidAndRaisesTheSequenceAndADeletedBookingDisappears() {
        InstanceConfig config = calendar("eclipse", "Australia/Sydney");
        try (InMemoryBookingStore store = new InMemoryBookingStore()) {
            store.create(new Booking(LocalDate.of(2024, 9, 2), 10, "Jack", 1, CREATED));
            store.create(new Booking(LocalDate.of(2024, 9, 2), 14, "Bonnie", 1, CREATED.plusSeconds(5)));
            VEvent before = parse(IcsFeed.write(config, "x", bookings(store), NOW)).getEvents().get(0);

            store.move(new Slot(LocalDate.of(2024, 9, 2), 10), new Slot(LocalDate.of(2024, 9, 3), 9), 24, ChangeOrigin.UNATTRIBUTED);
            store.delete(new Slot(LocalDate.of(2024, 9, 2), 14));
            ICalendar moved = parse(IcsFeed.write(config, "x", bookings(store), NOW));
            VEvent after = only(moved);

            assertThat(after.getUid().getValue()).isEqualTo(before.getUid().getValue());
            assertThat(before.getSequence().getValue()).isZero();
            assertThat(after.getSequence().getValue()).isEqualTo(1);
            assertThat(read(moved, after.getDateStart()))
                    .isEqualTo(Instant.parse("2024-09-02T23:00:00Z"));

            store.update(new Booking(LocalDate.of(2024, 9, 3), 9, "Bonnie", 1, NOW));
            VEvent changedUser = only(parse(IcsFeed.write(config, "x", bookings(store), NOW)));
            assertThat(changedUser.getUid().getValue()).isEqualTo(before.getUid().getValue());
            assertThat(changedUser.getSequence().getValue()).isEqualTo(2);
            assertThat(changedUser.getSummary().getValue()).isEqualTo("Bonnie");
        }
    }

    static List<Booking> bookings(InMemoryBookingStore store) {
        return store.between(null, null).values().stream().flatMap(d -> d.bookings().stream()).toList();
    }
}
