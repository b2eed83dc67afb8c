package dev.cps.calendar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.cps.calendar.api.BookableHours;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** The bookable hours of a day in the calendar's time zone. The defaults in the rule and descriptions are BookableHours'. */
@ValidationRule(value = "(has(self.start) ? self.start : " + BookableHours.DEFAULT_START + ") < (has(self.end) ? self.end : "
        + BookableHours.DEFAULT_END + ")",
        message = "hours.start must be before hours.end (when left out, start is " + BookableHours.DEFAULT_START
                + " and end is " + BookableHours.DEFAULT_END + ")")
public class HoursSpec {

    @Min(0)
    @Max(23)
    @JsonPropertyDescription("First bookable hour, 0-23. Default " + BookableHours.DEFAULT_START + ".")
    private Integer start;

    @Min(1)
    @Max(24)
    @JsonPropertyDescription("End of the bookable day (exclusive), 1-24. Default " + BookableHours.DEFAULT_END
            + ": the last booking starts at " + (BookableHours.DEFAULT_END - 1) + ":00.")
    private Integer end;

    public HoursSpec() {
    }

    public HoursSpec(Integer start, Integer end) {
        this.start = start;
        this.end = end;
    }

    public Integer getStart() {
        return start;
    }

    public void setStart(Integer start) {
        this.start = start;
    }

    public Integer getEnd() {
        return end;
    }

    public void setEnd(Integer end) {
        this.end = end;
    }
}
