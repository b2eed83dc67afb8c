package dev.cps.calendar.api;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstanceContractTest {

    @Test
    void everyKeyOfAnInstanceSharesTheHashTaggedPrefix() {
        var keys = InstanceKeys.of("eclipse-financial");

        assertThat(keys.prefix()).isEqualTo("instance:{eclipse-financial}:");
        assertThat(List.of(keys.config(), keys.bookingDay(LocalDate.of(2024, 1, 21)), keys.bookingDays(),
                keys.changeFeed(), keys.slugClaim()))
                .allSatisfy(key -> assertThat(key).startsWith(keys.prefix()));
        assertThat(keys.config()).isEqualTo("instance:{eclipse-financial}:config");
        assertThat(keys.bookingDay(LocalDate.of(2024, 1, 21))).isEqualTo("instance:{eclipse-financial}:bookings:2024-01-21");
        assertThat(keys.aclKeyPattern()).isEqualTo("~instance:{eclipse-financial}:*");
        assertThat(keys.aclChannelPattern()).isEqualTo("&instance:{eclipse-financial}:*");
    }

    @Test
    void aSlugThatIsNotADnsLabelIsRefused() {
        assertThatThrownBy(() -> InstanceKeys.of("Bad_Slug")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DNS label");
        assertThatThrownBy(() -> InstanceKeys.of("a".repeat(41))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InstanceKeys.of("-leading")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Slug.isValid("a".repeat(40))).isTrue();
    }

    @Test
    void theConfigSurvivesARoundTripAndReadersIgnoreUnknownFields() {
        var config = new InstanceConfig("eclipse", "Eclipse Financial", "xplan",
                InstanceConfig.displayTitle("Eclipse Financial", "xplan"),
                List.of(new CalendarUser("Jack", "j", UserColor.defaultFor(1).hex()),
                        new CalendarUser("Bonnie", "b", UserColor.defaultFor(2).hex())),
                null, "Australia/Sydney", new BookableHours(8, 18),
                Instant.parse("2024-01-21T10:00:00Z"), Instant.parse("2024-01-22T10:00:00Z")).withHistoryRetentionDays(30);

        String json = ContractJson.write(config);
        assertThat(json).contains("\"createdAt\":\"2024-01-21T10:00:00Z\"").contains("\"displayTitle\":\"Eclipse Financial - xplan\"")
                .contains("\"hours\":{\"start\":8,\"end\":18}");
        assertThat(ContractJson.readConfig(json)).isEqualTo(config);

        String fromANewerOperator = json.replaceFirst("\\{", "{\"futureField\":{\"x\":1},");
        assertThat(ContractJson.readConfig(fromANewerOperator)).isEqualTo(config);
    }

    @Test
    void theColorsMapOfOlderOperatorsIsReadButNeverWritten() {
        var config = ContractJson.readConfig("{\"slug\":\"s\",\"title\":\"T\",\"colors\":{\"user2\":\"blue\"},"
                + "\"users\":[{\"name\":\"A\",\"key\":\"a\",\"color\":\"#22c55e\"}]}");

        assertThat(config.colors()).isEqualTo(Map.of("user2", "blue"));
        assertThat(ContractJson.write(config)).doesNotContain("colors").contains("\"color\":\"#22c55e\"");
    }

    @Test
    void colorsResolveByNameHexOrPosition() {
        assertThat(UserColor.defaultFor(1).css()).isEqualTo("rgb(34, 197, 94)");
        assertThat(UserColor.defaultFor(2).css()).isEqualTo("rgb(220, 38, 38)");
        assertThat(UserColor.defaultFor(3).css()).isEqualTo("rgb(147, 51, 234)");
        assertThat(UserColor.defaultFor(4).css()).isEqualTo("rgb(249, 115, 22)");
        assertThat(UserColor.parse("#0A0b0c")).contains(new UserColor(10, 11, 12));
        assertThat(UserColor.parse("chartreuse")).isEmpty();
        assertThat(UserColor.parseStored("rgb(34, 197, 94)")).contains(UserColor.defaultFor(1));
        assertThat(UserColor.parseStored("#22c55e")).contains(UserColor.defaultFor(1));
        assertThat(UserColor.defaultFor(1).hex()).isEqualTo("#22c55e");
        assertThat(new UserColor(10, 11, 12).hex()).isEqualTo("#0a0b0c");
        assertThat(UserColor.NAMED.keySet()).allSatisfy(name -> assertThat(name).matches(UserColor.PATTERN));
    }

    @Test
    void theFeedTokenIsKeptInEveryAccessModeAndABlankOneIsNone() {
        assertThat(InstanceAccess.orPublic(InstanceAccess.PUBLIC.withFeedToken("t1")).feedToken()).isEqualTo("t1");
        assertThat(InstanceAccess.orPublic(InstanceAccess.external(null).withFeedToken("t2")).feedToken()).isEqualTo("t2");
        assertThat(InstanceAccess.orPublic(InstanceAccess.passcode(ViewerAccess.None, "h", null, "k").withFeedToken("t3"))
                .feedToken()).isEqualTo("t3");
        assertThat(InstanceAccess.orPublic(InstanceAccess.PUBLIC.withFeedToken(" ")).feedToken()).isNull();
        assertThat(InstanceAccess.orPublic(null).feedToken()).isNull();
    }
}
