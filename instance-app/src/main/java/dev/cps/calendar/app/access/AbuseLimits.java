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

    /** Environment names the same limits can be set with. */
    public static final String LOGIN_LOCKOUT_SECONDS = "LOGIN_LOCKOUT_SECONDS";

    public AbuseLimits {
        if (loginFailures < 1 || loginFailuresPerPod < 1 || writesPerMinute < 1 || writesPerMinutePerPod < 1
                || streamsPerClient < 1 || streamsPerPod < 1 || loginLockout.isNegative() || loginLockout.isZero()) {
            throw new IllegalArgumentException("every abuse limit must be at least 1");
        }
    }

    public static AbuseLimits fromEnvironment(Map<String, String> env) {
        String lockout = env.getOrDefault(LOGIN_LOCKOUT_SECONDS, "").trim();
        if (lockout.isEmpty()) {
            return DEFAULT;
        }
        try {
            return DEFAULT.withLoginLockout(Duration.ofSeconds(Long.parseLong(lockout)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(LOGIN_LOCKOUT_SECONDS + " must be a number of seconds, got \"" + lockout + "\"");
        }
    }

    public AbuseLimits withLoginLockout(Duration lockout) {
        return new AbuseLimits(loginFailures, loginFailuresPerPod, lockout, writesPerMinute, writesPerMinutePerPod,
                streamsPerClient, streamsPerPod, sessionLifetime);
    }

    public AbuseLimits withWritesPerMinute(int perClient) {
        return new AbuseLimits(loginFailures, loginFailuresPerPod, loginLockout, perClient, writesPerMinutePerPod,
                streamsPerClient, streamsPerPod, sessionLifetime);
    }

    public AbuseLimits withStreamsPerClient(int perClient) {
        return new AbuseLimits(loginFailures, loginFailuresPerPod, loginLockout, writesPerMinute, writesPerMinutePerPod,
                perClient, streamsPerPod, sessionLifetime);
    }
}
