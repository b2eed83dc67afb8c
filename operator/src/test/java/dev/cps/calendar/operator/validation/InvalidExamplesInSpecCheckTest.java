package dev.cps.calendar.operator.validation;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.reconciler.SpecCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's own check refuses every file of examples/invalid too, so the CEL rules and their
 * Java twin cannot drift apart: a file the Java model cannot even hold (an unknown enum value) counts
 * as refused; the few rules only the API server enforces are named here, each with why.
 */
class InvalidExamplesInSpecCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Mistakes the operator does not look at: they change nothing it would do wrong. */
    private static final Map<String, String> API_SERVER_ONLY = Map.of();

    static Stream<String> invalidFiles() {
        return Resources.yamlFiles(Resources.examples().resolve("invalid"), false).stream()
                .map(p -> p.getFileName().toString().replaceFirst("\\.ya?ml$", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void specCheckRefusesIt(String file) {
        Map<String, Object> document = Resources.calendarInstance(Resources.examples().resolve("invalid").resolve(file + ".yaml"));
        Optional<String> problems;
        try {
            problems = SpecCheck.problems(JSON.convertValue(document, CalendarInstance.class));
        } catch (IllegalArgumentException unreadable) {
            return; // the Java model cannot hold it: the operator never sees such a spec
        }
        if (API_SERVER_ONLY.containsKey(file)) {
            assertThat(problems).as(file + ": " + API_SERVER_ONLY.get(file)).isEmpty();
        } else {
            assertThat(problems).as(file + " is refused by SpecCheck as by the CRD").isPresent();
        }
    }
}
