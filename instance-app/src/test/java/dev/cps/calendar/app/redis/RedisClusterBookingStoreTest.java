package dev.cps.calendar.app.redis;

import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.app.domain.Slot;
import dev.cps.calendar.app.store.BookingStore;
import dev.cps.calendar.app.store.BookingStoreContract;
import dev.cps.calendar.testing.RedisCluster;
import dev.cps.calendar.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The store contract (the 32-people races among it) on a real Redis Cluster of three primaries with
 * a replica each. Each test has a calendar of its own, so the tests land on different primaries.
 */
class RedisClusterBookingStoreTest extends BookingStoreContract {

    static RedisCluster cluster;
    static final AtomicInteger CALENDARS = new AtomicInteger();
    InstanceKeys keys;
    final List<RedisConnector> connectors = new ArrayList<>();
    final List<BookingStore> others = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Override
    protected BookingStore newStore() {
        keys = InstanceKeys.of("cluster-" + CALENDARS.incrementAndGet());
        return open();
    }

    RedisBookingStore open() {
        RedisConnector connector = RedisConnector.connect(cluster.url(), "test");
        connectors.add(connector);
        return RedisBookingStore.open(connector, keys, Duration.ofSeconds(5));
    }

    @AfterEach
    void closeConnections() {
        others.forEach(BookingStore::close);
        connectors.forEach(RedisConnector::close);
    }

    @Test
    void aCalendarsKeysAllLiveOnThePrimaryOfItsHashTagAndOnNoOtherNode() {
        store.create(booking(SUNDAY, "Jack", 10, 2));
        store.create(booking(MONDAY, "Bonnie", 9, 1));

        RedisServer primary = cluster.primaryOf(keys.changeFeed());
        Set<String> onPrimary = keysOf(primary);
        assertThat(onPrimary).containsExactlyInAnyOrder(keys.bookingDay(SUNDAY), keys.bookingDay(MONDAY), keys.bookingDays(),
                keys.changeFeed(), keys.history());
        long primariesWithIt = cluster.nodes().stream().filter(node -> node != primary && isPrimary(node))
                .filter(node -> !keysOf(node).isEmpty()).count();
        assertThat(primariesWithIt).isZero();
    }

    @Test
    void aSecondProcessFollowsTheFirstOnesChangesThroughTheCluster() {
        RedisBookingStore second = open();
        others.add(second);

        store.create(booking(SUNDAY, "Jack", 10, 2));
        await().atMost(Duration.ofSeconds(5)).until(() -> !second.day(SUNDAY).isEmpty());
        second.delete(new Slot(SUNDAY, 10));
        await().atMost(Duration.ofSeconds(5)).until(() -> store.day(SUNDAY).isEmpty());
        assertThat(second.isAvailable()).isTrue();
    }

    @Test
    void aStoreWhoseClusterDoesNotAnswerOpensUnavailableInsteadOfFailing() throws Exception {
        int dead;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            dead = socket.getLocalPort();
        }
        RedisConnector connector = RedisConnector.connect("redis-cluster://127.0.0.1:" + dead, "test");
        connectors.add(connector);
        RedisBookingStore unreachable = RedisBookingStore.open(connector, keys, Duration.ofSeconds(2));
        others.add(unreachable);

        assertThat(unreachable.isAvailable()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> unreachable.create(booking(SUNDAY, "Jack", 10, 1)))
                .isInstanceOf(dev.cps.calendar.app.store.StoreUnavailableException.class);
    }

    private static boolean isPrimary(RedisServer node) {
        try (Jedis jedis = cluster.adminOn(node)) {
            return jedis.info("replication").contains("role:master");
        }
    }

    private Set<String> keysOf(RedisServer node) {
        try (Jedis jedis = cluster.adminOn(node)) {
            return new HashSet<>(jedis.scan(ScanParams.SCAN_POINTER_START, new ScanParams().match(keys.allKeysGlob()).count(1000))
                    .getResult());
        }
    }
}
