package dev.cps.calendar.operator.settings;

import java.util.Map;

/**
 * How the operator runs the pools of {@code placement: Shared} calendars.
 *
 * @param replicas       pods of every pool Deployment ({@code POOL_REPLICAS}); two by default, as a
 *                       pool's outage is every member's
 * @param membersPerStep a pool gets the calendar resources ({@code INSTANCE_*}) once per started step of
 *                       this many members ({@code POOL_MEMBERS_PER_STEP}): coarse, so that a join restarts
 *                       the pool's pods only when the count crosses a step
 */
public record PoolSettings(int replicas, int membersPerStep) {

    public static final int DEFAULT_REPLICAS = 2;
    public static final int DEFAULT_MEMBERS_PER_STEP = 50;

    public PoolSettings {
        if (replicas < 1 || replicas > 20) {
            throw new IllegalArgumentException("POOL_REPLICAS must be 1 to 20, got " + replicas);
        }
        if (membersPerStep < 1) {
            throw new IllegalArgumentException("POOL_MEMBERS_PER_STEP must be at least 1, got " + membersPerStep);
        }
    }

    static PoolSettings fromEnvironment(Map<String, String> env) {
        return new PoolSettings(number(env, "POOL_REPLICAS", DEFAULT_REPLICAS), number(env, "POOL_MEMBERS_PER_STEP", DEFAULT_MEMBERS_PER_STEP));
    }

    /** 1 for 1 to {@link #membersPerStep} members, 2 for up to twice as many, and so on. */
    public int steps(int members) {
        return Math.max(1, (members + membersPerStep - 1) / membersPerStep);
    }

    /** The resources of a pool with {@code members} calendars: the calendar's, times {@link #steps}. */
    public OperatorSettings.InstanceResources resourcesFor(int members, OperatorSettings.InstanceResources calendar) {
        int steps = steps(members);
        return new OperatorSettings.InstanceResources(CanonicalQuantity.times(calendar.cpuRequest(), steps),
                CanonicalQuantity.times(calendar.memoryRequest(), steps), CanonicalQuantity.times(calendar.cpuLimit(), steps),
                CanonicalQuantity.times(calendar.memoryLimit(), steps));
    }

    private static int number(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got \"" + value + "\"");
        }
    }
}
