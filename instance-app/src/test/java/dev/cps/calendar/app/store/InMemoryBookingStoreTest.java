package dev.cps.calendar.app.store;

class InMemoryBookingStoreTest extends BookingStoreContract {

    @Override
    protected BookingStore newStore() {
        return new InMemoryBookingStore();
    }
}
