package dev.cps.calendar.app.store;

import dev.cps.calendar.api.ChangeFeed;
import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.domain.BookingConflictException;
import dev.cps.calendar.app.domain.BookingNotFoundException;
import dev.cps.calendar.app.domain.InvalidBookingException;
import dev.cps.calendar.app.domain.Slot;
import dev.cps.calendar.app.feed.Change;
import dev.cps.calendar.app.feed.StreamId;
import dev.cps.calendar.app.history.ChangeOrigin;
import dev.cps.calendar.app.history.HistoryAction;
import dev.cps.calendar.app.history.HistoryEntry;
import dev.cps.calendar.app.transfer.DayImport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** What every {@link BookingStore} does; run against the in-memory store and against a real Redis. */
public abstract class BookingStoreContract {

    protected static final LocalDate SUNDAY = LocalDate.of(2024, 1, 21);
    protected static final LocalDate MONDAY = SUNDAY.plusDays(1);
    protected static final Instant CREATED = Instant.parse("2024-01-20T09:00:00Z");

    protected BookingStore store;
    protected final List<Change> heard = new CopyOnWriteArrayList<>();

    protected abstract BookingStore newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
        store.subscribe(heard::add);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected static Booking booking(LocalDate date, String user, int hour, int duration) {
        return new Booking(date, hour, user, duration, CREATED);
    }

    @Test
    void whatIsBookedCanBeReadBackByDayAndByRange() {
        store.create(booking(SUNDAY, "Jack", 10, 2));
        store.create(booking(SUNDAY, "Bonnie", 14, 1));
        store.create(booking(MONDAY, "Bonnie", 8, 3));

        assertThat(store.day(SUNDAY).bookings()).containsExactly(booking(SUNDAY, "Jack", 10, 2), booking(SUNDAY, "Bonnie", 14, 1));
        assertThat(store.between(null, null).keySet()).containsExactly(SUNDAY, MONDAY);
        assertThat(store.between(MONDAY, MONDAY.plusDays(6)).keySet()).containsExactly(MONDAY);
        assertThat(store.between(SUNDAY.minusDays(7), SUNDAY).keySet()).containsExactly(SUNDAY);
        assertThat(store.between(MONDAY, SUNDAY)).isEmpty();
        assertThat(store.day(SUNDAY.minusDays(1)).isEmpty()).isTrue();
    }

    @Test
    void givenJackAt10ForTwoHoursBonnieCannotBook11AndNothingChanges() {
        store.create(booking(SUNDAY, "Jack", 10, 2));

        assertThatThrownBy(() -> store.create(booking(SUNDAY, "Bonnie", 11, 1)))
                .isInstanceOf(BookingConflictException.class)
                .hasMessageContaining("Jack 10:00-12:00");
        assertThatThrownBy(() -> store.create(booking(SUNDAY, "Bonnie", 9, 2))).isInstanceOf(BookingConflictException.class);
        assertThatThrownBy(() -> store.create(booking(SUNDAY, "Bonnie", 10, 1))).isInstanceOf(BookingConflictException.class);

        assertThat(store.day(SUNDAY).bookings()).containsExactly(booking(SUNDAY, "Jack", 10, 2));
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 1);
        assertThat(heard).hasSize(1);
    }

    @Test
    void theSameHoursOnAnotherDayAreFree() {
        store.create(booking(SUNDAY, "Jack", 10, 2));
        store.create(booking(MONDAY, "Bonnie", 10, 2));

        assertThat(store.day(MONDAY).bookings()).containsExactly(booking(MONDAY, "Bonnie", 10, 2));
    }

    @Test
    void anUpdateChangesUserAndDurationKeepsTheCreationTimeAndRaisesTheSequence() {
        store.create(booking(SUNDAY, "Jack", 10, 1));

        Booking updated = store.update(new Booking(SUNDAY, 10, "Bonnie", 3, CREATED.plusSeconds(3600)));

        Booking revised = new Booking(SUNDAY, 10, "Bonnie", 3, CREATED, 1);
        assertThat(updated).isEqualTo(revised);
        assertThat(store.day(SUNDAY).bookings()).containsExactly(revised);
        assertThat(store.update(new Booking(SUNDAY, 10, "Jack", 3, CREATED)).sequence()).as("each change raises it").isEqualTo(2);
    }

    @Test
    void anUpdateThatRunsIntoAnotherBookingIsRefusedAndNothingChanges() {
        store.create(booking(SUNDAY, "Jack", 10, 1));
        store.create(booking(SUNDAY, "Bonnie", 12, 1));

        assertThatThrownBy(() -> store.update(booking(SUNDAY, "Jack", 10, 3)))
                .isInstanceOf(BookingConflictException.class).hasMessageContaining("Bonnie 12:00-13:00");
        assertThat(store.day(SUNDAY).bookings()).containsExactly(booking(SUNDAY, "Jack", 10, 1), booking(SUNDAY, "Bonnie", 12, 1));
    }

    @Test
    void updatingOrDeletingWhereNoBookingStartsIsNotFound() {
        store.create(booking(SUNDAY, "Jack", 10, 2));

        assertThatThrownBy(() -> store.update(booking(SUNDAY, "Jack", 11, 1))).isInstanceOf(BookingNotFoundException.class)
                .hasMessage("no booking starts at 11:00 on 2024-01-21");
        assertThatThrownBy(() -> store.delete(new Slot(SUNDAY, 11))).isInstanceOf(BookingNotFoundException.class);
        assertThatThrownBy(() -> store.delete(new Slot(MONDAY, 10))).isInstanceOf(BookingNotFoundException.class);
        assertThat(store.day(SUNDAY).bookings()).containsExactly(booking(SUNDAY, "Jack", 10, 2));
    }

    @Test
    void aDeletedBookingFreesItsHoursAndAnEmptyDayDisappears() {
        store.create(booking(SUNDAY, "Jack", 10, 2));

        store.delete(new Slot(SUNDAY, 10));

        assertThat(store.day(SUNDAY).isEmpty()).isTrue();
        assertThat(store.between(null, null)).isEmpty();
        store.create(booking(SUNDAY, "Bonnie", 11, 1));
        assertThat(store.day(SUNDAY).bookings()).containsExactly(booking(SUNDAY, "Bonnie", 11, 1));
    }

    @Test
    void everyChangeIsHeardInOrderWithIncreasingIdsAndTheDocumentedData() {
        store.create(booking(SUNDAY, "Jack", 10, 2));
        store.update(booking(SUNDAY, "Bonnie", 10, 1));
        store.delete(new Slot(SUNDAY, 10));

        await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 3);
        assertThat(heard).extracting(Change::type)
                .containsExactly(ChangeFeed.BOOKING_CREATED, ChangeFeed.BOOKING_UPDATED, ChangeFeed.BOOKING_DELETED);
        assertThat(heard.get(1).id().isAfter(heard.get(0).id())).isTrue();
        assertThat(heard.get(2).id().isAfter(heard.get(1).id())).isTrue();
        assertThat(heard.get(0).data()).isEqualTo(
                "{\"date\":\"2024-01-21\",\"time\":\"10:00\",\"booking\":{\"user\":\"Jack\",\"duration\":2,\"createdAt\":\"2024-01-20T09:00:00Z\"}}");
        assertThat(heard.get(2).data()).isEqualTo("{\"date\":\"2024-01-21\",\"time\":\"10:00\"}");
    }

    @Test
    void theChangesAfterAnIdCanBeReplayedAndAnUnknownIdCannot() {
        store.create(booking(SUNDAY, "Jack", 10, 1));
        store.create(booking(SUNDAY, "Jack", 12, 1));
        store.create(booking(SUNDAY, "Jack", 14, 1));
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 3);

        assertThat(store.changesAfter(heard.get(0).id())).hasValueSatisfying(missed ->
                assertThat(missed).extracting(Change::id).containsExactly(heard.get(1).id(), heard.get(2).id()));
        assertThat(store.changesAfter(heard.get(2).id())).hasValueSatisfying(missed -> assertThat(missed).isEmpty());
        assertThat(store.changesAfter(new StreamId(heard.get(2).id().millis() + 60_000, 0))).as("an id from the future").isEmpty();
    }

    @Test
    void namesAreStoredAsTextEvenWhenTheyLookLikeJsonOrMarkup() {
        String odd = "Jo \"<b>\" \\ é";
        store.create(booking(SUNDAY, odd, 10, 1));

        assertThat(store.day(SUNDAY).bookings()).extracting(Booking::user).containsExactly(odd);
    }

    @Test
    void when32PeopleRaceForOverlappingHoursExactlyOneWinsEachHour() throws Exception {
        int threads = 32;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger wins = new AtomicInteger();
        Map<Integer, AtomicInteger> winsByHour = new ConcurrentHashMap<>();
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                int person = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    // everyone wants two hours somewhere in 10:00-13:00: all of them overlap 11:00 or 12:00
                    int hour = 10 + person % 3;
                    try {
                        Booking won = store.create(booking(SUNDAY, "P" + person, hour, 2));
                        wins.incrementAndGet();
                        for (int h = won.startHour(); h < won.endHour(); h++) {
                            winsByHour.computeIfAbsent(h, x -> new AtomicInteger()).incrementAndGet();
                        }
                    } catch (BookingConflictException lost) {
                        // expected for all but the winners
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(winsByHour.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        List<Booking> booked = List.copyOf(store.day(SUNDAY).bookings());
        assertThat(booked).hasSize(wins.get());
        assertThat(wins.get()).isBetween(1, 2);
        for (int a = 0; a < booked.size(); a++) {
            for (int b = a + 1; b < booked.size(); b++) {
                assertThat(booked.get(a).overlaps(booked.get(b))).isFalse();
            }
        }
    }

    @Test
    void when32PeopleRaceForTheSameHourExactlyOneGetsIt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger wins = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < 32; i++) {
                int person = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        store.create(booking(MONDAY, "P" + person, 9, 1 + person % 3));
                        wins.incrementAndGet();
                    } catch (BookingConflictException lost) {
                        // expected
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(wins.get()).isEqualTo(1);
        assertThat(store.day(MONDAY).bookings()).hasSize(1);
    }

    @Test
    void aMoveKeepsUserLengthAndCreationTimeRaisesTheSequenceAndIsHeardAsRemovedThenCreated() {
        store.create(booking(SUNDAY, "Jack", 10, 2));
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 1);
        heard.clear();

        Booking moved = store.move(new Slot(SUNDAY, 10), new Slot(MONDAY, 14), 18, ChangeOrigin.UNATTRIBUTED);

        assertThat(moved).isEqualTo(new Booking(MONDAY, 14, "Jack", 2, CREATED, 1));
        assertThat(store.day(SUNDAY).isEmpty()).isTrue();
        assertThat(store.day(MONDAY).bookings()).containsExactly(moved);
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() >= 2);
        assertThat(heard).extracting(Change::type).containsExactly(ChangeFeed.BOOKING_DELETED, ChangeFeed.BOOKING_CREATED);
    }

    @Test
    void aMoveWithinItsDayMayOverlapItsOwnOldHoursButNotAnotherBooking() {
        store.create(booking(SUNDAY, "Jack", 10, 2));
        store.create(booking(SUNDAY, "Bonnie", 13, 1));

        assertThat(store.move(new Slot(SUNDAY, 10), new Slot(SUNDAY, 11), 18, ChangeOrigin.UNATTRIBUTED).startHour()).isEqualTo(11);
        assertThatThrownBy(() -> store.move(new Slot(SUNDAY, 11), new Slot(SUNDAY, 12), 18, ChangeOrigin.UNATTRIBUTED))
                .isInstanceOf(BookingConflictException.class);
        assertThatThrownBy(() -> store.move(new Slot(SUNDAY, 11), new Slot(SUNDAY, 17), 18, ChangeOrigin.UNATTRIBUTED))
                .as("two hours from 17:00 end after 18:00").isInstanceOf(InvalidBookingException.class);
        assertThatThrownBy(() -> store.move(new Slot(SUNDAY, 9), new Slot(SUNDAY, 15), 18, ChangeOrigin.UNATTRIBUTED))
                .isInstanceOf(BookingNotFoundException.class);
        assertThat(store.day(SUNDAY).bookings()).extracting(Booking::startHour).containsExactly(11, 13);
    }

    @Test
    void theHistoryTellsEachChangeNewestFirstWithBeforeAfterAndOrigin() {
        ChangeOrigin page = new ChangeOrigin(ChangeOrigin.Source.page, "editor");
        store.create(booking(SUNDAY, "Jack", 10, 1), page);
        store.update(booking(SUNDAY, "Bonnie", 10, 1), ChangeOrigin.UNATTRIBUTED);
        store.update(booking(SUNDAY, "Bonnie", 10, 2), page);
        store.move(new Slot(SUNDAY, 10), new Slot(MONDAY, 9), 18, page);
        store.delete(new Slot(MONDAY, 9), page);

        List<HistoryEntry> all = store.history().recent(10, Optional.empty());

        assertThat(all).extracting(HistoryEntry::action).containsExactly(HistoryAction.deleted, HistoryAction.moved,
                HistoryAction.changed, HistoryAction.userChanged, HistoryAction.created);
        assertThat(all.get(0).before()).contains(new Booking(MONDAY, 9, "Bonnie", 2, CREATED, 3));
        assertThat(all.get(0).after()).isEmpty();
        assertThat(all.get(1).before().orElseThrow().slot()).isEqualTo(new Slot(SUNDAY, 10));
        assertThat(all.get(1).after().orElseThrow().slot()).isEqualTo(new Slot(MONDAY, 9));
        assertThat(all.get(3).before().orElseThrow().user()).isEqualTo("Jack");
        assertThat(all.get(3).after().orElseThrow().user()).isEqualTo("Bonnie");
        assertThat(all.get(3).origin()).isEqualTo(ChangeOrigin.UNATTRIBUTED);
        assertThat(all.get(4).origin()).isEqualTo(page);
        assertThat(all.get(4).before()).isEmpty();
        assertThat(all).extracting(HistoryEntry::id).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        List<HistoryEntry> firstTwo = store.history().recent(2, Optional.empty());
        List<HistoryEntry> nextTwo = store.history().recent(2, Optional.of(firstTwo.get(1).id()));
        assertThat(nextTwo).containsExactly(all.get(2), all.get(3));
    }

    @Test
    void aRefusedWriteLeavesNoHistory() {
        store.create(booking(SUNDAY, "Jack", 10, 2));
        assertThatThrownBy(() -> store.create(booking(SUNDAY, "Bonnie", 11, 1))).isInstanceOf(BookingConflictException.class);
        assertThatThrownBy(() -> store.delete(new Slot(MONDAY, 10))).isInstanceOf(BookingNotFoundException.class);

        assertThat(store.history().recent(10, Optional.empty())).hasSize(1);
    }

    @Test
    void anImportedDayCreatesWhatIsFreeKeepsWhatIsThereAndNeverOverwrites() {
        Booking jack = booking(SUNDAY, "Jack", 10, 2);
        store.create(jack);
        Booking bonnieAt11 = new Booking(SUNDAY, 11, "Bonnie", 1, CREATED.plusSeconds(1));
        Booking bonnieAt14 = new Booking(SUNDAY, 14, "Bonnie", 2, CREATED.plusSeconds(2), 4);
        Booking clashWithImported = new Booking(SUNDAY, 15, "Jack", 1, CREATED.plusSeconds(3));

        DayImport dry = store.importDay(SUNDAY, List.of(jack, bonnieAt11, bonnieAt14, clashWithImported), true,
                ChangeOrigin.UNATTRIBUTED);
        assertThat(dry.created()).containsExactly(bonnieAt14);
        assertThat(dry.alreadyThere()).containsExactly(jack);
        assertThat(dry.conflicts()).extracting(DayImport.Conflict::wanted).containsExactly(bonnieAt11, clashWithImported);
        assertThat(dry.conflicts().get(0).existing()).isEqualTo(jack);
        assertThat(store.day(SUNDAY).bookings()).as("a dry run writes nothing").containsExactly(jack);

        DayImport real = store.importDay(SUNDAY, List.of(jack, bonnieAt11, bonnieAt14, clashWithImported), false,
                new ChangeOrigin(ChangeOrigin.Source.imported, "editor"));
        assertThat(real).isEqualTo(dry);
        assertThat(store.day(SUNDAY).bookings()).containsExactly(jack, bonnieAt14);
        assertThat(store.history().recent(1, Optional.empty()).get(0).origin().source()).isEqualTo(ChangeOrigin.Source.imported);

        DayImport again = store.importDay(SUNDAY, List.of(bonnieAt14), false, ChangeOrigin.UNATTRIBUTED);
        assertThat(again.created()).isEmpty();
        assertThat(again.alreadyThere()).as("importing twice is harmless").containsExactly(bonnieAt14);
    }
}
