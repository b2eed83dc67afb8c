package dev.cps.calendar.app.config;

import dev.cps.calendar.api.BookableHours;
import dev.cps.calendar.api.CalendarUser;
import dev.cps.calendar.api.InstanceConfig;
import dev.cps.calendar.api.UserColor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The app's one place that turns a stored config into final values: what an older operator left out is defaulted here. */
class ActiveConfigTest {

    @Test
    void optionalConfigFieldsAreDefaultedForReaders() {
        InstanceConfig config = ActiveConfig.parse("{\"slug\":\"s\",\"title\":\"T\",\"users\":[{\"name\":\"A\",\"key\":\"a\"}]}").config();

        assertThat(config.timezone()).isEqualTo(InstanceConfig.DEFAULT_TIMEZONE).isEqualTo("UTC");
        assertThat(config.hours()).isEqualTo(new BookableHours(8, 18)).isEqualTo(BookableHours.DEFAULT);
        assertThat(config.displayTitle()).isEqualTo("T");
        assertThat(config.historyRetentionDays()).as("a config from before the history existed")
                .isEqualTo(InstanceConfig.DEFAULT_HISTORY_RETENTION_DAYS);
        assertThat(config.colors()).isNull();
        assertThat(config.users()).containsExactly(new CalendarUser("A", "a", UserColor.defaultFor(1).hex()));
    }

    @Test
    void aUserWithoutAColorTakesTheOneNamedForTheirPositionElseTheDefault() {
        InstanceConfig config = ActiveConfig.parse("{\"slug\":\"s\",\"title\":\"T\",\"colors\":{\"user2\":\"blue\"},"
                + "\"users\":[{\"name\":\"A\",\"key\":\"a\"},{\"name\":\"B\",\"key\":\"b\"},"
                + "{\"name\":\"C\",\"key\":\"c\",\"color\":\"rgb(1, 2, 3)\"}]}").config();

        assertThat(config.users()).extracting(CalendarUser::color)
                .containsExactly(UserColor.NAMED.get("green").hex(), UserColor.NAMED.get("blue").hex(), "#010203");
    }

    @Test
    void theJsonThePageGetsHasFinalValuesAndNoColorsMap() {
        ActiveConfig active = ActiveConfig.parse("{\"slug\":\"s\",\"title\":\"T\",\"subtitle\":\"x\",\"hours\":{\"start\":20,\"end\":3},"
                + "\"colors\":{\"user1\":\"teal\"},\"users\":[{\"name\":\"A\",\"key\":\"a\"}]}");

        assertThat(active.json()).contains("\"displayTitle\":\"T - x\"", "\"timezone\":\"UTC\"", "\"hours\":{\"start\":8,\"end\":18}",
                "\"color\":\"" + UserColor.NAMED.get("teal").hex() + "\"").doesNotContain("colors");
    }
}
