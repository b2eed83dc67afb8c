package dev.cps.calendar.operator.validation;

import dev.cps.calendar.crdcheck.CalendarInstanceSchema;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every example a person may copy is accepted by the API server as the CRD describes it. */
class ExamplesTest {

    private static final CalendarInstanceSchema SCHEMA = CalendarInstanceSchema.generated();

    @TestFactory
    Stream<DynamicTest> everyTopLevelExampleIsOneValidCalendarInstance() {
        List<Path> files = Resources.yamlFiles(Resources.examples(), false);
        assertThat(files).hasSizeGreaterThanOrEqualTo(4);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () ->
                assertThat(SCHEMA.violations(Resources.calendarInstance(file))).as(file.toString()).isEmpty()));
    }

    /** Recursively, gitops/ included: each file parses, and each CalendarInstance outside invalid/ is valid. */
    @TestFactory
    Stream<DynamicTest> everyYamlUnderExamplesParsesAndItsCalendarInstancesAreValid() {
        Path examples = Resources.examples();
        return Resources.yamlFiles(examples, true).stream().map(file -> DynamicTest.dynamicTest(
                examples.relativize(file).toString(), () -> {
                    List<Map<String, Object>> documents = Resources.documents(file);
                    assertThat(documents).as(file + " has at least one document").isNotEmpty();
                    if (examples.relativize(file).startsWith("invalid")) {
                        return;
                    }
                    documents.stream().filter(Resources::isCalendarInstance).forEach(resource ->
                            assertThat(SCHEMA.violations(resource)).as(file.toString()).isEmpty());
                }));
    }

    @Test
    void theExamplesCoverTwoThreeAndFourUsersACustomHostAndASuspendedCalendar() {
        List<Map<String, Object>> specs = Resources.yamlFiles(Resources.examples(), false).stream()
                .map(Resources::calendarInstance)
                .map(r -> spec(r))
                .toList();
        assertThat(specs).extracting(s -> ((List<?>) s.get("users")).size()).contains(2, 3, 4);
        assertThat(specs).anyMatch(s -> s.get("host") != null && s.get("colors") != null
                && ((List<?>) s.get("users")).size() == 4);
        assertThat(specs).anyMatch(s -> Boolean.TRUE.equals(s.get("suspended")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("spec");
    }
}
