package dev.cps.calendar.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The bookable hours of a day, {@code start} inclusive, {@code end} exclusive; 0 <= start < end <= 24. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BookableHours(int start, int end) {

    /** The defaults' one home: the CRD's CEL rule and descriptions, the operator and the app read them here. */
    public static final int DEFAULT_START = 8;
    public static final int DEFAULT_END = 18;
    public static final BookableHours DEFAULT = new BookableHours(DEFAULT_START, DEFAULT_END);

    @JsonIgnore // a check, not a field of the contract
    public boolean isValid() {
        return 0 <= start && start < end && end <= 24;
    }
}
