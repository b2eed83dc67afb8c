package dev.cps.calendar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.cps.calendar.api.UserColor;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Colors by user position; a position left out keeps its default (green, red, purple, orange). */
public class ColorsSpec {

    static final String COLOR_RULE = "self.matches(r'" + UserColor.PATTERN + "')";
    static final String COLOR_MESSAGE = "a color is one of green, red, purple, orange, blue, teal, pink, yellow, gray or #rrggbb such as #22c55e";

    @Pattern(UserColor.PATTERN)
    @Size(max = 7)
    @ValidationRule(value = COLOR_RULE, message = COLOR_MESSAGE)
    @JsonPropertyDescription("Color of the first user: a name (green, red, purple, orange, blue, teal, pink, yellow, gray) or #rrggbb. Default green.")
    private String user1;

    @Pattern(UserColor.PATTERN)
    @Size(max = 7)
    @ValidationRule(value = COLOR_RULE, message = COLOR_MESSAGE)
    @JsonPropertyDescription("Color of the second user: a name or #rrggbb. Default red.")
    private String user2;

    @Pattern(UserColor.PATTERN)
    @Size(max = 7)
    @ValidationRule(value = COLOR_RULE, message = COLOR_MESSAGE)
    @JsonPropertyDescription("Color of the third user (needs three users): a name or #rrggbb. Default purple.")
    private String user3;

    @Pattern(UserColor.PATTERN)
    @Size(max = 7)
    @ValidationRule(value = COLOR_RULE, message = COLOR_MESSAGE)
    @JsonPropertyDescription("Color of the fourth user (needs four users): a name or #rrggbb. Default orange.")
    private String user4;

    /** The color given for the user at 1-based {@code position}, or null. */
    public String forPosition(int position) {
        return switch (position) {
            case 1 -> user1;
            case 2 -> user2;
            case 3 -> user3;
            case 4 -> user4;
            default -> null;
        };
    }

    public String getUser1() {
        return user1;
    }

    public void setUser1(String user1) {
        this.user1 = user1;
    }

    public String getUser2() {
        return user2;
    }

    public void setUser2(String user2) {
        this.user2 = user2;
    }

    public String getUser3() {
        return user3;
    }

    public void setUser3(String user3) {
        this.user3 = user3;
    }

    public String getUser4() {
        return user4;
    }

    public void setUser4(String user4) {
        this.user4 = user4;
    }
}
