package dev.cps.calendar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.cps.calendar.api.CalendarUser;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One person who books on the calendar. */
public class UserSpec {

    @Required
    @Size(min = 1, max = 40)
    @JsonPropertyDescription("Name shown in the legend and on this user's bookings, e.g. Jack. Unique within the calendar.")
    private String name;

    @Required
    @Size(min = 1, max = 1)
    @Pattern(CalendarUser.KEY_PATTERN)
    @ValidationRule(value = "self.matches(r'" + CalendarUser.KEY_PATTERN + "')",
            message = "key must be one letter, or a digit other than 1, 2 and 3 (those keys choose the booking length), e.g. j")
    @JsonPropertyDescription("The hotkey that books the selected slot for this user: one letter, or a digit other than "
            + "1, 2 and 3 (those keys choose the booking length). Unique within the calendar, ignoring case.")
    private String key;

    public UserSpec() {
    }

    public UserSpec(String name, String key) {
        this.name = name;
        this.key = key;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }
}
