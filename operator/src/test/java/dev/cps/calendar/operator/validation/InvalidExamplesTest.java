package dev.cps.calendar.operator.validation;

import dev.cps.calendar.crdcheck.CalendarInstanceSchema;
import dev.cps.calendar.crdcheck.CalendarInstanceSchema.Violation;
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
    private static final String RULE = InvalidExamples.RULE;

    static Stream<Arguments> mistakes() {
        return InvalidExamples.mistakes();
    }

    @ParameterizedTest(name = "{0}: {1} ({2})")
    @MethodSource("mistakes")
    void refusedForTheRightReason(String file, String path, String caughtBy, String message) {
        List<Violation> violations = SCHEMA.check(Resources.calendarInstance(invalid(file)));

        assertThat(violations).as(file + " is refused").isNotEmpty();
        assertThat(violations).as(file + ": " + violations)
                .anyMatch(v -> v.path().equals(path) && v.kind().equals(caughtBy) && v.message().contains(message));
        Set<String> allowed = Set.of(path);
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
        return InvalidExamples.file(name);
    }
}
