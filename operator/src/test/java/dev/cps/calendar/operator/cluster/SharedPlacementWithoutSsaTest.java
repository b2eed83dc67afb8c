package dev.cps.calendar.operator.cluster;

/** Shared placement on a real API server, the children written with PUT (the default). */
class SharedPlacementWithoutSsaTest extends SharedPlacementOnApiServer {
    SharedPlacementWithoutSsaTest() {
        super("pool-put", false);
    }
}
