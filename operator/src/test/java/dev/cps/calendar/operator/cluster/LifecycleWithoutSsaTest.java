package dev.cps.calendar.operator.cluster;

/** The lifecycle on a real API server with the default: children created and updated with PUT (USE_SSA=false). */
class LifecycleWithoutSsaTest extends LifecycleOnApiServer {
    LifecycleWithoutSsaTest() {
        super("plain", false);
    }
}
