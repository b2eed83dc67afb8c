package dev.cps.calendar.operator.cluster;

/** Shared placement on a real API server, the children and the status written with server-side apply (USE_SSA=true). */
class SharedPlacementWithSsaTest extends SharedPlacementOnApiServer {
    SharedPlacementWithSsaTest() {
        super("pool-ssa", true);
    }
}
