package dev.cps.calendar.app.store;

class InMemoryBookingStoreTest extends BookingStoreContract {

    @Override
    BookingStore newStore() {
        return new InMemoryBookingStore();
    }
}
