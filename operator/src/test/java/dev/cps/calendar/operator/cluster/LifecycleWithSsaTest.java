package dev.cps.calendar.operator.cluster;

/** The lifecycle on a real API server with server-side apply for the children and the status (USE_SSA=true). */
class LifecycleWithSsaTest extends LifecycleOnApiServer {
    LifecycleWithSsaTest() {
        super("ssa", true);
    }
}
