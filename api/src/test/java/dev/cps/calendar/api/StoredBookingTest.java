package dev.cps.calendar.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stored booking and the change-feed data: written byte for byte as Redis has always held them, read back. */
class StoredBookingTest {

    static final String JACK = "{\"user\":\"Jack\",\"duration\":2,\"createdAt\":\"2024-01-20T09:00:00Z\"}";

    @Test
    void aBookingNeverChangedIsStoredWithoutItsSequence() throws JsonProcessingException {
        StoredBooking jack = new StoredBooking("Jack", 2, "2024-01-20T09:00:00Z");

        assertThat(ContractJson.write(jack)).isEqualTo(JACK);
        assertThat(ContractJson.MAPPER.readValue(JACK, StoredBooking.class)).isEqualTo(jack);
    }

    @Test
    void aChangedBookingCarriesItsSequenceLast() throws JsonProcessingException {
        String json = "{\"user\":\"Bonnie\",\"duration\":1,\"createdAt\":\"2024-01-20T09:00:00.123Z\",\"sequence\":3}";
        StoredBooking bonnie = new StoredBooking("Bonnie", 1, "2024-01-20T09:00:00.123Z", 3);

        assertThat(ContractJson.write(bonnie)).isEqualTo(json);
        assertThat(ContractJson.MAPPER.readValue(json, StoredBooking.class)).isEqualTo(bonnie);
    }

    @Test
    void aNameIsEscapedAsJsonAndReadBack() throws JsonProcessingException {
        StoredBooking odd = new StoredBooking("Zoë \"Z\" O'Neil", 1, "2024-01-20T09:00:00Z");

        assertThat(ContractJson.write(odd)).startsWith("{\"user\":\"Zoë \\\"Z\\\" O'Neil\",");
        assertThat(ContractJson.MAPPER.readValue(ContractJson.write(odd), StoredBooking.class)).isEqualTo(odd);
    }

    @Test
    void theFeedDataOfACreationHoldsThePlaceAndTheBookingAndADeletionOnlyThePlace() throws JsonProcessingException {
        PlacedBooking created = new PlacedBooking("2024-01-21", "10:00", new StoredBooking("Jack", 2, "2024-01-20T09:00:00Z"));
        String createdJson = "{\"date\":\"2024-01-21\",\"time\":\"10:00\",\"booking\":" + JACK + "}";

        assertThat(ContractJson.write(created)).isEqualTo(createdJson);
        assertThat(ContractJson.MAPPER.readValue(createdJson, PlacedBooking.class)).isEqualTo(created);
        assertThat(ContractJson.write(PlacedBooking.removed("2024-01-21", "10:00")))
                .isEqualTo("{\"date\":\"2024-01-21\",\"time\":\"10:00\"}");
        assertThat(ContractJson.MAPPER.readValue("{\"date\":\"2024-01-21\",\"time\":\"10:00\"}", PlacedBooking.class).booking())
                .isNull();
    }

    @Test
    void fieldsANewerVersionAddsAreIgnored() throws JsonProcessingException {
        assertThat(ContractJson.MAPPER.readValue(JACK.replace("}", ",\"note\":\"x\"}"), StoredBooking.class).user())
                .isEqualTo("Jack");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"user\":\"Bonnie\",\"duration\":1}",
            "{\"duration\":1,\"createdAt\":\"2024-01-20T09:00:00Z\"}",
            "{\"user\":\"Jack\",\"createdAt\":\"2024-01-20T09:00:00Z\"}",
            "{\"user\":\"Jack\",\"duration\":1,\"createdAt\":\"last tuesday\"}",
            "{\"user\":\"Jack\",\"duration\":1,\"createdAt\":\"2024-01-20T09:00:00Z\",\"sequence\":-1}",
            "not json at all"})
    void aValueThatIsNotAWholeBookingIsRefused(String stored) {
        assertThatThrownBy(() -> ContractJson.MAPPER.readValue(stored, StoredBooking.class))
                .isInstanceOf(JsonProcessingException.class);
    }
}
