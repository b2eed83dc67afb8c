package dev.cps.calendar.operator.validation;

import dev.cps.calendar.crdcheck.CalendarInstanceSchema;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The slug a CalendarInstance holds (spec.slug, or metadata.name when unset) never changes: a transition rule. */
class SlugImmutabilityTest {

    private static final CalendarInstanceSchema SCHEMA = CalendarInstanceSchema.generated();
    private static final String IMMUTABLE = "spec.slug: Invalid value: \"object\": slug cannot be changed";

    @Test
    void changingTheSlugIsRefusedWithAMessageThatSaysWhatToDo() {
        var old = eclipse("eclipse-financial");
        var renamed = withSlug(old, "eclipse");

        assertThat(SCHEMA.violationsOnUpdate(old, renamed)).singleElement().asString()
                .startsWith(IMMUTABLE)
                .contains("create a new CalendarInstance to use another slug");
    }

    @Test
    void creatingWithAnySlugIsFine_theRuleOnlyComparesOldAndNew() {
        assertThat(SCHEMA.violations(eclipse("eclipse"))).isEmpty();
    }

    @Test
    void editingOtherFieldsKeepsTheSlug() {
        var old = eclipse("eclipse-financial");
        var retitled = Resources.deepCopy(old);
        spec(retitled).put("title", "Eclipse Financial");

        assertThat(SCHEMA.violationsOnUpdate(old, retitled)).isEmpty();
    }

    @Test
    void writingOutTheDefaultSlugIsNoChange() {
        var old = eclipse(null);                        // slug is metadata.name: eclipse-financial
        var explicit = withSlug(old, "eclipse-financial");

        assertThat(SCHEMA.violationsOnUpdate(old, explicit)).isEmpty();
        assertThat(SCHEMA.violationsOnUpdate(explicit, old)).isEmpty();
    }

    @Test
    void removingASlugThatDiffersFromTheNameChangesIt() {
        var old = eclipse("eclipse");
        var removed = withSlug(old, null);               // would fall back to eclipse-financial

        assertThat(SCHEMA.violationsOnUpdate(old, removed)).singleElement().asString().startsWith(IMMUTABLE);
    }

    private static Map<String, Object> eclipse(String slug) {
        Map<String, Object> resource = Resources.calendarInstance(Resources.examples().resolve("eclipse-financial.yaml"));
        return withSlug(resource, slug);
    }

    private static Map<String, Object> withSlug(Map<String, Object> resource, String slug) {
        Map<String, Object> copy = Resources.deepCopy(resource);
        if (slug == null) {
            spec(copy).remove("slug");
        } else {
            spec(copy).put("slug", slug);
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("spec");
    }
}
