package dev.cps.calendar.app.redis;

import dev.cps.calendar.api.ChangeFeed;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.app.domain.Booking;
import dev.cps.calendar.app.domain.Slot;
import dev.cps.calendar.app.feed.Change;
import dev.cps.calendar.app.feed.ChangeListener;
import dev.cps.calendar.app.store.BookingStore;
import dev.cps.calendar.app.store.BookingStoreContract;
import dev.cps.calendar.app.store.StoreUnavailableException;
import dev.cps.calendar.app.store.UnreadableStoredData;
import dev.cps.calendar.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class RedisBookingStoreTest extends BookingStoreContract {

    static final InstanceKeys KEYS = InstanceKeys.of("eclipse");
    static RedisServer redis;
    RedisClient admin;
    final List<RedisConnector> connectors = new ArrayList<>();
    final List<BookingStore> others = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.startWithAppendOnly();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    protected BookingStore newStore() {
        // a fresh admin per test: a test that restarts Redis leaves pooled connections dead
        admin = RedisClient.create(redis.host(), redis.port());
        admin.flushAll();
        return open();
    }

    RedisBookingStore open() {
        RedisConnector connector = RedisConnector.connect(redis.url(), "test");
        connectors.add(connector);
        return RedisBookingStore.open(connector, KEYS, Duration.ofSeconds(5));
    }

    @AfterEach
    void closeConnections() {
        others.forEach(BookingStore::close);
        connectors.forEach(RedisConnector::close);
        admin.close();
    }

    @Test
    void everyKeyIsUnderTheInstancePrefixInTheContractLayout() {
        store.create(booking(SUNDAY, "Jack", 10, 2));

        assertThat(admin.keys("*")).allSatisfy(key -> assertThat(key).startsWith("instance:{eclipse}:"))
                .containsExactlyInAnyOrder(KEYS.bookingDay(SUNDAY), KEYS.bookingDays(), KEYS.changeFeed(), KEYS.history());
        assertThat(admin.hgetAll(KEYS.bookingDay(SUNDAY))).containsOnlyKeys("10:00");
        assertThat(admin.hget(KEYS.bookingDay(SUNDAY), "10:00"))
                .isEqualTo("{\"user\":\"Jack\",\"duration\":2,\"createdAt\":\"2024-01-20T09:00:00Z\"}");
        assertThat(admin.zscore(KEYS.bookingDays(), SUNDAY.toString())).isEqualTo((double) SUNDAY.toEpochDay());
        List<StreamEntry> feed = admin.xrange(KEYS.changeFeed(), "-", "+");
        assertThat(feed).hasSize(1);
        // listeners hear the change from the feed follower, a moment after the write returns
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 1);
        assertThat(feed.get(0).getFields()).containsEntry(ChangeFeed.TYPE, ChangeFeed.BOOKING_CREATED)
                .containsEntry(ChangeFeed.DATA, heard.get(0).data());
    }

    @Test
    void aScriptRedisForgotIsLoadedAgain() {
        store.create(booking(SUNDAY, "Jack", 10, 1));
        admin.scriptFlush();

        store.create(booking(SUNDAY, "Bonnie", 12, 1));

        assertThat(store.day(SUNDAY).bookings()).hasSize(2);
    }

    @Test
    void aSecondProcessSeesTheFirstOnesChangesInItsViewAndHearsThem() {
        RedisBookingStore second = open();
        others.add(second);
        List<Change> secondHeard = new java.util.concurrent.CopyOnWriteArrayList<>();
        second.subscribe(secondHeard::add);

        store.create(booking(SUNDAY, "Jack", 10, 2));
        await().atMost(Duration.ofSeconds(5)).until(() -> !second.day(SUNDAY).isEmpty());
        second.delete(new Slot(SUNDAY, 10));
        await().atMost(Duration.ofSeconds(5)).until(() -> store.day(SUNDAY).isEmpty());

        assertThat(secondHeard).extracting(Change::type).containsExactly(ChangeFeed.BOOKING_CREATED, ChangeFeed.BOOKING_DELETED);
        second.create(booking(SUNDAY, "Bonnie", 10, 1));
        await().atMost(Duration.ofSeconds(5)).until(() -> store.day(SUNDAY).startingAt(10).isPresent());
    }

    @Test
    void aStoreOpenedLaterLoadsWhatIsAlreadyThere() {
        store.create(booking(SUNDAY, "Jack", 10, 2));
        store.create(booking(MONDAY, "Bonnie", 9, 1));

        RedisBookingStore later = open();
        others.add(later);

        assertThat(later.between(null, null).keySet()).containsExactly(SUNDAY, MONDAY);
        assertThat(later.day(SUNDAY).bookings()).containsExactly(booking(SUNDAY, "Jack", 10, 2));
    }

    @Test
    void whileRedisIsDownReadsAndWritesFailFastAndItRecoversByItself() {
        store.create(booking(SUNDAY, "Jack", 10, 2));
        List<String> lost = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Boolean> resynced = new java.util.concurrent.CopyOnWriteArrayList<>();
        store.subscribe(new ChangeListener() {
            @Override
            public void onChange(Change change) {
            }

            @Override
            public void onUnavailable(String message) {
                lost.add(message);
            }

            @Override
            public void onResync() {
                resynced.add(true);
            }
        });

        redis.kill();
        try {
            await().atMost(Duration.ofSeconds(3)).until(() -> !store.isAvailable());
            long started = System.nanoTime();
            assertThatThrownBy(() -> store.create(booking(SUNDAY, "Bonnie", 14, 1))).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> store.day(SUNDAY)).isInstanceOf(StoreUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(lost).hasSize(1);
        } finally {
            redis.restart();
        }

        await().atMost(Duration.ofSeconds(5)).until(store::isAvailable);
        assertThat(resynced).isNotEmpty();
        assertThat(store.day(SUNDAY).bookings()).as("append-only data came back").containsExactly(booking(SUNDAY, "Jack", 10, 2));
        store.create(booking(SUNDAY, "Bonnie", 14, 1));
        assertThat(store.day(SUNDAY).bookings()).hasSize(2);
    }

    @Test
    void aChangeMadeWhileThisProcessWasCutOffIsInTheViewAfterItReconnects() {
        RedisBookingStore other = open();
        others.add(other);
        store.create(booking(SUNDAY, "Jack", 10, 2));
        await().atMost(Duration.ofSeconds(5)).until(() -> !other.day(SUNDAY).isEmpty());

        // cut the other process's feed connection, change the data behind its back, trim the feed
        admin.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "normal");
        admin.hdel(KEYS.bookingDay(SUNDAY), "10:00");
        admin.zrem(KEYS.bookingDays(), SUNDAY.toString());
        admin.del(KEYS.changeFeed());

        await().atMost(Duration.ofSeconds(5)).until(() -> other.isAvailable() && other.between(null, null).isEmpty());
    }

    @Test
    void theHistoryIsTrimmedInRedisToTheRetentionAtEachWrite() {
        Duration retention = Duration.ofDays(30);
        RedisConnector connector = RedisConnector.connect(redis.url(), "test");
        connectors.add(connector);
        BookingStore trimmed = RedisBookingStore.open(connector, KEYS, Duration.ofSeconds(5),
                new dev.cps.calendar.app.history.HistoryRetention(() -> retention, java.time.Clock.systemUTC()));
        others.add(trimmed);
        long old = System.currentTimeMillis() - retention.plusDays(1).toMillis();
        admin.xadd(KEYS.history(), new StreamEntryID(old, 0), Map.of("data",
                "{\"action\":\"created\",\"after\":{\"date\":\"2024-01-21\",\"time\":\"09:00\",\"booking\":"
                        + "{\"user\":\"Jack\",\"duration\":1,\"createdAt\":\"2024-01-20T09:00:00Z\"}},\"origin\":{\"source\":\"api\"}}"));
        assertThat(trimmed.history().recent(10, java.util.Optional.empty())).as("too old to be shown").isEmpty();

        trimmed.create(booking(SUNDAY, "Jack", 10, 1));

        assertThat(admin.xlen(KEYS.history())).as("the old entry is gone from Redis, the new one is there").isEqualTo(1);
        assertThat(trimmed.history().recent(10, java.util.Optional.empty())).hasSize(1);
    }

    @Test
    void aHistoryEntryThisVersionCannotReadIsLeftOut() {
        store.create(booking(SUNDAY, "Jack", 10, 1));
        admin.xadd(KEYS.history(), StreamEntryID.NEW_ENTRY, Map.of("data", "{\"action\":\"exploded\"}"));

        assertThat(store.history().recent(10, java.util.Optional.empty())).hasSize(1);
    }

    @Test
    void aBookingStoredWithOtherEscapesIsChangedOnceFromWhatRedisHolds() {
        // an older app's Lua escaped "/" in names; the view encodes it without: the update finds another value, reads it, writes
        String older = "{\"user\":\"Jack\\/Jill\",\"duration\":1,\"createdAt\":\"2024-01-20T09:00:00Z\"}";
        admin.hset(KEYS.bookingDay(SUNDAY), "10:00", older);
        admin.zadd(KEYS.bookingDays(), SUNDAY.toEpochDay(), SUNDAY.toString());
        admin.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "normal"); // the follower reloads the view
        await().atMost(Duration.ofSeconds(5)).until(() -> store.isAvailable() && !store.day(SUNDAY).isEmpty());
        assertThat(store.day(SUNDAY).startingAt(10).orElseThrow().user()).isEqualTo("Jack/Jill");

        Booking updated = store.update(booking(SUNDAY, "Jack/Jill", 10, 2));

        assertThat(updated.sequence()).isEqualTo(1);
        assertThat(updated.createdAt()).isEqualTo(CREATED);
        assertThat(admin.hget(KEYS.bookingDay(SUNDAY), "10:00"))
                .isEqualTo("{\"user\":\"Jack/Jill\",\"duration\":2,\"createdAt\":\"2024-01-20T09:00:00Z\",\"sequence\":1}");
        assertThat(admin.xlen(KEYS.changeFeed())).as("one change on the feed").isEqualTo(1);
    }

    @Test
    void aChangeBehindTheViewsBackIsNotOverwrittenWithWhatTheViewShowed() {
        store.create(booking(SUNDAY, "Jack", 10, 2));
        // someone else (without the feed) lengthens it; this process's view still shows 2 hours
        admin.hset(KEYS.bookingDay(SUNDAY), "10:00",
                "{\"user\":\"Jack\",\"duration\":3,\"createdAt\":\"2024-01-20T09:00:00Z\",\"sequence\":4}");

        Booking moved = store.move(new Slot(SUNDAY, 10), new Slot(SUNDAY, 14), 18, dev.cps.calendar.app.history.ChangeOrigin.UNATTRIBUTED);

        assertThat(moved.duration()).as("the length Redis held").isEqualTo(3);
        assertThat(moved.sequence()).isEqualTo(5);
        assertThat(admin.hgetAll(KEYS.bookingDay(SUNDAY))).containsOnlyKeys("14:00");
    }

    @Test
    void aBookingThatCannotBeReadIsNotMovedAndTheFailureIsTheStoresNotTheRequests() {
        store.create(booking(SUNDAY, "Jack", 10, 1));
        String unreadable = "{\"user\":\"Jack\",\"duration\":1,\"createdAt\":\"last tuesday\"}";
        admin.hset(KEYS.bookingDay(SUNDAY), "10:00", unreadable);

        assertThatThrownBy(() -> store.move(new Slot(SUNDAY, 10), new Slot(SUNDAY, 14), 18,
                dev.cps.calendar.app.history.ChangeOrigin.UNATTRIBUTED))
                .isInstanceOf(UnreadableStoredData.class).hasMessageContaining("createdAt");
        assertThat(admin.hgetAll(KEYS.bookingDay(SUNDAY))).containsExactly(Map.entry("10:00", unreadable));
    }

    @Test
    void anUpdateReplacesABookingThatCannotBeReadAsIfItWereNew() {
        store.create(booking(SUNDAY, "Jack", 10, 1));
        admin.hset(KEYS.bookingDay(SUNDAY), "10:00", "not json at all");

        Booking updated = store.update(booking(SUNDAY, "Bonnie", 10, 1));

        assertThat(updated.user()).isEqualTo("Bonnie");
        assertThat(updated.sequence()).isEqualTo(1);
        assertThat(store.skippedEntries()).as("reported").isEqualTo(1);
        assertThat(admin.hget(KEYS.bookingDay(SUNDAY), "10:00")).contains("\"user\":\"Bonnie\"");
    }
}
