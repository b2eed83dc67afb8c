package dev.cps.calendar.app.access;

import java.time.Duration;
import java.util.Map;

/**
 * How much one client address (and the whole pod) may ask before the app says no: wrong passcodes
 * (then 429 with {@code Retry-After} until {@code loginLockout} has passed), writes per minute, and
 * open event streams. Defaults suit a team calendar; a test shortens the lockout.
 *
 * @param loginFailures         wrong passcodes a client may try within {@code loginLockout}
 * @param loginFailuresPerPod   wrong passcodes from all clients together within {@code loginLockout}
 * @param loginLockout          how long a spent allowance takes to come back
 * @param writesPerMinute       bookings created, moved or removed per client per minute
 * @param writesPerMinutePerPod the same for all clients of this pod together
 * @param streamsPerClient      open event streams of one client address (a browser has one per tab)
 * @param streamsPerPod         open event streams of this pod
 * @param sessionLifetime       how long a passcode session lasts before the passcode is asked again
 */
public record AbuseLimits(int loginFailures, int loginFailuresPerPod, Duration loginLockout, int writesPerMinute,
                          int writesPerMinutePerPod, int streamsPerClient, int streamsPerPod, Duration sessionLifetime) {

    public static final AbuseLimits DEFAULT = new AbuseLimits(5, 100, Duration.ofMinutes(1), 120, 1200, 20, 2000,
            Duration.ofDays(7));

    /** Environment names the limits can be set with (a load test from one address needs more). */
    public static final String LOGIN_LOCKOUT_SECONDS = "LOGIN_LOCKOUT_SECONDS";
    public static final String WRITES_PER_MINUTE = "WRITES_PER_MINUTE";
    public static final String WRITES_PER_MINUTE_PER_POD = "WRITES_PER_MINUTE_PER_POD";
    public static final String STREAMS_PER_CLIENT = "STREAMS_PER_CLIENT";
    public static final String STREAMS_PER_POD = "STREAMS_PER_POD";

    public AbuseLimits {
        if (loginFailures < 1 || loginFailuresPerPod < 1 || writesPerMinute < 1 || writesPerMinutePerPod < 1
                || streamsPerClient < 1 || streamsPerPod < 1 || loginLockout.isNegative() || loginLockout.isZero()) {
            throw new IllegalArgumentException("every abuse limit must be at least 1");
        }
    }

    public static AbuseLimits fromEnvironment(Map<String, String> env) {
        return new AbuseLimits(DEFAULT.loginFailures, DEFAULT.loginFailuresPerPod,
                Duration.ofSeconds(number(env, LOGIN_LOCKOUT_SECONDS, DEFAULT.loginLockout.toSeconds())),
                (int) number(env, WRITES_PER_MINUTE, DEFAULT.writesPerMinute),
                (int) number(env, WRITES_PER_MINUTE_PER_POD, DEFAULT.writesPerMinutePerPod),
                (int) number(env, STREAMS_PER_CLIENT, DEFAULT.streamsPerClient),
                (int) number(env, STREAMS_PER_POD, DEFAULT.streamsPerPod), DEFAULT.sessionLifetime);
    }

    private static long number(Map<String, String> env, String name, long otherwise) {
        String value = env.getOrDefault(name, "").trim();
        if (value.isEmpty()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got \"" + value + "\"");
        }
    }

    public AbuseLimits withLoginLockout(Duration lockout) {
        return new AbuseLimits(loginFailures, loginFailuresPerPod, lockout, writesPerMinute, writesPerMinutePerPod,
                streamsPerClient, streamsPerPod, sessionLifetime);
    }

    public AbuseLimits withWritesPerMinute(int perClient) {
        return withWritesPerMinute(perClient, writesPerMinutePerPod);
    }

    public AbuseLimits withWritesPerMinute(int perClient, int perPod) {
        return new AbuseLimits(loginFailures, loginFailuresPerPod, loginLockout, perClient, perPod,
                streamsPerClient, streamsPerPod, sessionLifetime);
    }

    public AbuseLimits withStreamsPerClient(int perClient) {
        return new AbuseLimits(loginFailures, loginFailuresPerPod, loginLockout, writesPerMinute, writesPerMinutePerPod,
                perClient, streamsPerPod, sessionLifetime);
    }
}
