package dev.cps.calendar.operator.validation;

import dev.cps.calendar.admission.CalendarInstanceSchema;
import dev.cps.calendar.admission.CalendarInstanceSchema.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Each file in examples/invalid shows one mistake, and the API server refuses it for that mistake:
 * at the path of the mistake, by the schema keyword or the CEL rule (with its message) that catches it.
 */
class InvalidExamplesTest {

    private static final CalendarInstanceSchema SCHEMA = CalendarInstanceSchema.generated();
    private static final String RULE = "rule";

    /** file, path of the mistake, what catches it, a piece of the message a person reads. */
    static Stream<Arguments> mistakes() {
        return Stream.of(
                arguments("duplicate-user-keys-ignoring-case", "spec.users", RULE,
                        "user keys must be unique, ignoring case (j and J are the same hotkey): j, J belong to more than one user"),
                arguments("duplicate-user-names", "spec.users", RULE, "user names must be unique: Jack appears more than once"),
                arguments("five-users", "spec.users", "maxItems", "Too many: 5: must have at most 4 items"),
                arguments("one-user", "spec.users", "minItems", "should have at least 2 items"),
                arguments("slug-too-long", "spec.slug", "maxLength", "may not be more than 40 bytes"),
                arguments("slug-uppercase", "spec.slug", RULE, "slug must be a DNS label: lower-case letters, digits and '-'"),
                arguments("slug-uppercase", "spec.slug", "pattern", "should match"),
                arguments("color-for-missing-user3", "spec.colors", RULE,
                        "colors may only name positions that have a user: colors.user3 needs three users"),
                arguments("hours-start-after-end", "spec.hours", RULE, "hours.start must be before hours.end"),
                arguments("hours-start-after-default-end", "spec.hours", RULE, "(when left out, start is 8 and end is 18)"),
                arguments("hours-end-25", "spec.hours.end", "maximum", "should be less than or equal to 24"),
                arguments("key-two-letters", "spec.users[1].key", "maxLength", "may not be more than 1 bytes"),
                arguments("key-two-letters", "spec.users[1].key", RULE, "key must be one letter, or a digit other than 1, 2 and 3"),
                arguments("key-symbol", "spec.users[1].key", RULE, "key must be one letter, or a digit other than 1, 2 and 3"),
                arguments("key-is-a-length-digit", "spec.users[1].key", RULE, "those keys choose the booking length"),
                arguments("bad-color", "spec.colors.user2", RULE, "a color is one of green, red, purple, orange"),
                arguments("bad-color", "spec.colors.user2", "pattern", "\"crimson\""),
                arguments("missing-title", "spec.title", "required", "Required value"),
                arguments("empty-title", "spec.title", "minLength", "should be at least 1 chars long"),
                arguments("timezone-garbage", "spec.timezone", RULE, "timezone must be an IANA time zone name"),
                arguments("replicas-negative", "spec.replicas", "minimum", "should be greater than or equal to 0"),
                arguments("replicas-eleven", "spec.replicas", "maximum", "should be less than or equal to 10"),
                arguments("unknown-deletion-policy", "spec.deletionPolicy", "enum",
                        "Unsupported value: \"Archive\": supported values: \"Delete\", \"Retain\""),
                arguments("host-with-scheme", "spec.host", RULE, "host must be a lower-case DNS name such as cal.example.com"),
                arguments("users-misspelled", "spec.user", "additionalProperties", "field not declared in schema"),
                arguments("users-misspelled", "spec.users", "required", "Required value"),
                arguments("access-viewers-with-public-mode", "spec.access.viewers", RULE, "access.viewers needs mode: Passcode"),
                arguments("access-passcode-secret-with-external", "spec.access.passcodeSecret", RULE,
                        "access.passcodeSecret needs mode: Passcode"),
                arguments("access-user-header-without-external", "spec.access.userHeader", RULE,
                        "access.userHeader needs mode: External"),
                arguments("access-passcode-secret-bad-name", "spec.access.passcodeSecret", RULE,
                        "access.passcodeSecret must be the name of a Secret in this namespace"),
                arguments("access-passcode-secret-bad-name", "spec.access.passcodeSecret", "pattern", "should match"),
                arguments("access-user-header-with-colon", "spec.access.userHeader", RULE,
                        "access.userHeader must be an HTTP header name"),
                arguments("access-user-header-with-colon", "spec.access.userHeader", "pattern", "should match"));
    }

    /** Paths besides the mistake's own that a file may be refused at: the other side of the same mistake. */
    private static final java.util.Map<String, Set<String>> ALSO = java.util.Map.of(
            "users-misspelled", Set.of("spec.user", "spec.users"));

    @ParameterizedTest(name = "{0}: {1} ({2})")
    @MethodSource("mistakes")
    void refusedForTheRightReason(String file, String path, String caughtBy, String message) {
        List<Violation> violations = SCHEMA.check(Resources.calendarInstance(invalid(file)));

        assertThat(violations).as(file + " is refused").isNotEmpty();
        assertThat(violations).as(file + ": " + violations)
                .anyMatch(v -> v.path().equals(path) && v.kind().equals(caughtBy) && v.message().contains(message));
        Set<String> allowed = ALSO.getOrDefault(file, Set.of(path));
        assertThat(violations).as(file + " shows one mistake: every complaint is about " + allowed)
                .allMatch(v -> allowed.contains(v.path()));
    }

    @Test
    void everyInvalidFileIsInTheTableAndThereAreAtLeastFifteen() {
        Set<String> inTable = mistakes().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        Set<String> files = Resources.yamlFiles(Resources.examples().resolve("invalid"), false).stream()
                .map(p -> p.getFileName().toString().replaceFirst("\\.ya?ml$", ""))
                .collect(Collectors.toSet());
        assertThat(files).hasSizeGreaterThanOrEqualTo(15).isEqualTo(inTable);
    }

    @Test
    void everyInvalidFileSaysWhatIsWrongInItsFirstLine() throws Exception {
        for (Path file : Resources.yamlFiles(Resources.examples().resolve("invalid"), false)) {
            assertThat(Files.readAllLines(file).get(0)).as(file.toString()).startsWith("# Invalid: ");
        }
    }

    /** Every CEL rule of the CRD is shown refusing something, here or in SlugImmutabilityTest. */
    @Test
    void everyCelRuleIsExercised() {
        List<Violation> all = mistakes().map(a -> (String) a.get()[0]).distinct()
                .flatMap(file -> SCHEMA.check(Resources.calendarInstance(invalid(file))).stream())
                .filter(v -> v.kind().equals(RULE))
                .toList();
        for (CalendarInstanceSchema.Rule rule : SCHEMA.rules()) {
            if (rule.isTransition()) {
                continue; // SlugImmutabilityTest
            }
            String schemaPath = rule.fieldPath() == null ? rule.schemaPath()
                    : rule.schemaPath() + rule.fieldPath();
            String pattern = schemaPath.replace("[*]", "[\\d+]").replace(".", "\\.").replace("[\\d+]", "\\[\\d+]");
            // colors.user1..user4 share one rule: breaking it at any of them shows its message
            assertThat(all).as("a file in examples/invalid breaks the rule at " + schemaPath + ": " + rule.rule())
                    .anyMatch(v -> v.path().matches(pattern)
                            || rule.messageExpression() == null && v.message().endsWith(": " + rule.message()));
        }
    }

    private static Path invalid(String name) {
        return Resources.examples().resolve("invalid").resolve(name + ".yaml");
    }
}
