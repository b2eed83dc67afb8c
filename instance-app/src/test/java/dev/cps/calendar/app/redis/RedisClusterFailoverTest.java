package dev.cps.calendar.app.redis;

import dev.cps.calendar.api.ChangeFeed;
import dev.cps.calendar.api.InstanceAccess;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.app.AppSettings;
import dev.cps.calendar.app.EventReader;
import dev.cps.calendar.app.InstanceApp;
import dev.cps.calendar.app.TestHttp;
import dev.cps.calendar.app.access.AccessFixtures;
import dev.cps.calendar.testing.RedisCluster;
import dev.cps.calendar.testing.RedisServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClusterClient;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.cps.calendar.app.TestHttp.booking;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A calendar on a real Redis Cluster whose primary (the one holding the calendar's slot) is killed
 * while Jack books hour after hour: the replica takes over and two apps serve and stream again by
 * themselves, without a restart. Prints how long writes failed and how many acknowledged bookings
 * the failover lost (replication is asynchronous: it may be some).
 */
class RedisClusterFailoverTest {

    static final String SLUG = "failover";
    static final InstanceKeys KEYS = InstanceKeys.of(SLUG);

    @Test
    void whenThePrimaryOfACalendarIsKilledDuringWritesTheAppsServeAndStreamAgainByThemselves() throws Exception {
        try (RedisCluster cluster = RedisCluster.start();
             RedisClusterClient admin = RedisClusterClient.builder()
                     .nodes(Set.of(new HostAndPort(cluster.nodes().get(0).host(), cluster.nodes().get(0).port())))
                     .clientConfig(DefaultJedisClientConfig.builder().user(RedisCluster.ADMIN_USER)
                             .password(cluster.adminPassword()).build()).build()) {
            AccessFixtures.provision(admin, SLUG, InstanceAccess.PUBLIC);
            try (InstanceApp writerApp = InstanceApp.start(new AppSettings(SLUG, Optional.of(cluster.url()), 0));
                 InstanceApp watcherApp = InstanceApp.start(new AppSettings(SLUG, Optional.of(cluster.url()), 0));
                 EventReader events = EventReader.open(new TestHttp(watcherApp.port()))) {
                TestHttp writer = new TestHttp(writerApp.port());
                List<String> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
                List<Long> failedAt = java.util.Collections.synchronizedList(new ArrayList<>());
                AtomicBoolean writing = new AtomicBoolean(true);
                Thread jack = new Thread(() -> {
                    LocalDate day = LocalDate.of(2027, 3, 1);
                    int hour = 8;
                    while (writing.get()) {
                        String time = String.format("%02d:00", hour);
                        int status = writer.send("POST", "/api/bookings", booking(day.toString(), time, "Jack", 1)).status();
                        if (status == 201) {
                            acknowledged.add(day + " " + time);
                            hour++;
                            if (hour == 18) {
                                hour = 8;
                                day = day.plusDays(1);
                            }
                        } else {
                            failedAt.add(System.nanoTime());
                            sleep(50);
                        }
                    }
                }, "jack-books");
                jack.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.size() >= 20);

                long killedAt = System.nanoTime();
                RedisServer killed = cluster.killPrimaryOf(KEYS.changeFeed());
                int beforeKill = acknowledged.size();
                // served again: a booking acknowledged after the failover
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                        .until(() -> acknowledged.size() > beforeKill + 20 && failedAt.size() > 0);
                long servedAgain = System.nanoTime();
                writing.set(false);
                jack.join(5000);

                assertThat(cluster.primaryOf(KEYS.changeFeed())).as("a replica was promoted").isNotSameAs(killed);
                // the watching app follows the feed on the new primary: a booking made now is streamed
                assertThat(writer.send("POST", "/api/bookings", booking("2028-01-03", "10:00", "Bonnie", 1)).status()).isEqualTo(201);
                EventReader.Event streamed = events.next(ChangeFeed.BOOKING_CREATED, Duration.ofSeconds(10));
                while (!streamed.data().contains("Bonnie")) {
                    streamed = events.next(ChangeFeed.BOOKING_CREATED, Duration.ofSeconds(10));
                }
                assertThat(streamed.id()).isNotBlank();
                TestHttp watcher = new TestHttp(watcherApp.port());
                await().atMost(Duration.ofSeconds(10)).until(() -> watcher.get("/api/bookings/2028-01-03").body().contains("Bonnie"));
                assertThat(watcher.get("/api/health").json().path("redis").asText()).isEqualTo("up");

                var stored = watcher.get("/api/bookings").json();
                long lost = acknowledged.stream().map(slot -> slot.split(" "))
                        .filter(slot -> !stored.path(slot[0]).has(slot[1])).count();
                long firstFailure = failedAt.get(0);
                System.out.printf("Redis Cluster failover: writes refused from %d ms to %d ms after the kill (%d refused attempts), "
                                + "served again %d ms after the kill; %d bookings acknowledged, %d of them lost by the failover%n",
                        (firstFailure - killedAt) / 1_000_000, (failedAt.get(failedAt.size() - 1) - killedAt) / 1_000_000,
                        failedAt.size(), (servedAgain - killedAt) / 1_000_000, acknowledged.size(), lost);
                assertThat(lost).as("at most the writes of the last moment before the kill").isLessThanOrEqualTo(5);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
