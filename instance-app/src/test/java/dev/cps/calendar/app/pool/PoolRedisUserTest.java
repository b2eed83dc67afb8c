package dev.cps.calendar.app.pool;

import dev.cps.calendar.api.AppRedisCommands;
import dev.cps.calendar.api.InstanceAccess;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.app.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static dev.cps.calendar.app.TestHttp.booking;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool logs in as its own Redis user, fenced as the operator fences it: the pool's keys and its
 * members' prefixes, nothing else. It serves its members with that user; a calendar whose prefix the
 * user may not touch is not served, however it got into the members hash.
 */
class PoolRedisUserTest {

    @RegisterExtension
    static final PoolFixture fixture = new PoolFixture();

    @Test
    void aPoolUserFencedToItsMembersServesThemAndNoOtherCalendar() {
        fixture.join("eclipse", "eclipse.example.test", InstanceAccess.PUBLIC);
        fixture.join("harbour", "harbour.example.test", InstanceAccess.PUBLIC);
        fixture.join("outsider", "outsider.example.test", InstanceAccess.PUBLIC); // in the hash, but not in the user's patterns
        List<String> rules = new ArrayList<>(List.of("reset", "on", ">pool-secret", PoolFixture.POOL.aclKeyPattern()));
        for (String member : List.of("eclipse", "harbour")) {
            rules.add(InstanceKeys.of(member).aclKeyPattern());
            rules.add(InstanceKeys.of(member).aclChannelPattern());
        }
        rules.addAll(AppRedisCommands.RULES);
        try (redis.clients.jedis.Jedis admin = new redis.clients.jedis.Jedis(java.net.URI.create(fixture.redis().url()))) {
            admin.aclSetUser(PoolFixture.POOL.username(), rules.toArray(String[]::new));
        }
        String poolUrl = "redis://" + PoolFixture.POOL.username() + ":pool-secret@" + fixture.redis().host() + ":" + fixture.redis().port();

        PoolApp pool = fixture.start(new PoolSettings(PoolFixture.POOL, poolUrl).withMembersRefresh(java.time.Duration.ofMillis(200)));

        for (String member : List.of("eclipse", "harbour")) {
            TestHttp http = PoolFixture.at(pool, member + ".example.test");
            assertThat(http.send("POST", "/api/bookings", booking("2030-01-21", "10:00", "Jack", 1)).status()).as(member).isEqualTo(201);
            assertThat(http.get("/api/bookings").body()).as(member).contains("\"10:00\"");
            assertThat(http.get("/api/health").status()).as(member).isEqualTo(200);
        }
        TestHttp outsider = PoolFixture.at(pool, "outsider.example.test");
        assertThat(outsider.get("/api/bookings").status()).as("a prefix the pool's user may not read").isEqualTo(503);
        assertThat(outsider.send("POST", "/api/bookings", booking("2030-01-21", "10:00", "Jack", 1)).status()).isEqualTo(503);
        assertThat(fixture.admin().keys(InstanceKeys.of("outsider").prefix() + "booking*")).as("nothing written there").isEmpty();
        assertThat(new TestHttp(pool.port(), "10.0.0.9").get("/api/health").status()).as("the pool's own health").isEqualTo(200);
    }
}
