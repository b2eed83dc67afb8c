package dev.cps.calendar.operator.redis;

import dev.cps.calendar.api.BookingFit;
import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.api.InstanceKeys;
import dev.cps.calendar.api.StoredBooking;
import redis.clients.jedis.Response;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Counts the upcoming bookings of an instance that no longer fit its config ({@link BookingFit}):
 * an edit of the users or the hours left them behind, still holding their slots. Past days are not
 * counted: they block nothing. Reads only, in two round trips: the booked days from today (in the
 * calendar's zone), then their hashes in one pipeline.
 */
public final class OrphanedBookings {

    private final RedisAdmin redis;
    private final Clock clock;

    public OrphanedBookings(RedisAdmin redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /** @param config as seeded: its zone is one the operator checked */
    public int count(InstanceConfig config) {
        InstanceKeys keys = InstanceKeys.of(config.slug());
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of(config.timezone())));
        return redis.callFor(keys.bookingDays(), "counting the orphaned bookings of " + config.slug(), jedis -> {
            List<String> days = jedis.zrangeByScore(keys.bookingDays(), today.toEpochDay(), Double.POSITIVE_INFINITY);
            if (days.isEmpty()) {
                return 0;
            }
            var pipeline = jedis.pipelined();
            List<Response<Map<String, String>>> hashes = new ArrayList<>(days.size());
            for (String day : days) {
                hashes.add(pipeline.hgetAll(keys.bookingDay(LocalDate.parse(day))));
            }
            pipeline.sync();
            int orphaned = 0;
            for (var hash : hashes) {
                for (var booking : hash.get().entrySet()) {
                    if (!fits(config, booking.getKey(), booking.getValue())) {
                        orphaned++;
                    }
                }
            }
            return orphaned;
        });
    }

    /** A value the app cannot read is the app's to report (it skips it); it is not counted here. */
    private static boolean fits(InstanceConfig config, String time, String json) {
        try {
            StoredBooking booking = ContractJson.MAPPER.readValue(json, StoredBooking.class);
            int hour = Integer.parseInt(time.substring(0, 2));
            return BookingFit.problem(config, booking.user(), hour, booking.duration()).isEmpty();
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException unreadable) {
            return true;
        }
    }

}
