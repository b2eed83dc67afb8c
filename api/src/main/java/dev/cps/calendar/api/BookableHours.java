package dev.cps.calendar.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The bookable hours of a day, {@code start} inclusive, {@code end} exclusive; 0 <= start < end <= 24. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BookableHours(int start, int end) {

    public static final BookableHours DEFAULT = new BookableHours(8, 18);

    @JsonIgnore // a check, not a field of the contract
    public boolean isValid() {
        return 0 <= start && start < end && end <= 24;
    }
}
