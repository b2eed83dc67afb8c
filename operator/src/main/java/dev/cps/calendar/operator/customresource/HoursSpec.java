package dev.cps.calendar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** The bookable hours of a day in the calendar's time zone. */
@ValidationRule(value = "(has(self.start) ? self.start : 8) < (has(self.end) ? self.end : 18)",
        message = "hours.start must be before hours.end (when left out, start is 8 and end is 18)")
public class HoursSpec {

    @Min(0)
    @Max(23)
    @JsonPropertyDescription("First bookable hour, 0-23. Default 8.")
    private Integer start;

    @Min(1)
    @Max(24)
    @JsonPropertyDescription("End of the bookable day (exclusive), 1-24. Default 18: the last booking starts at 17:00.")
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
