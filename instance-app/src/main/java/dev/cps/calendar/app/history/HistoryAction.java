package dev.cps.calendar.app.history;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a change of the history did, by the name the history stores and the API shows. */
public enum HistoryAction {
    created("created"),
    moved("moved"),
    userChanged("user-changed"),
    /** The length changed, with the same user and start. */
    changed("changed"),
    deleted("deleted");

    private final String label;

    HistoryAction(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** @throws IllegalArgumentException for a label no script writes */
    @JsonCreator
    public static HistoryAction ofLabel(String label) {
        for (HistoryAction action : values()) {
            if (action.label.equals(label)) {
                return action;
            }
        }
        throw new IllegalArgumentException("not a history action: " + label);
    }
}
