package dev.cps.calendar.operator.validation;

import org.junit.jupiter.params.provider.Arguments;

import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The files of examples/invalid, each with the mistake it shows: where, what catches it, and a
 * piece of the message a person reads. Checked against the Java evaluation of the CRD
 * ({@link InvalidExamplesTest}) and against the real API server (cluster.ExamplesOnApiServerTest).
 */
public final class InvalidExamples {

    private InvalidExamples() {
    }

    public static final String RULE = "rule";

    /** file, path of the mistake, what catches it, a piece of the message a person reads. */
    public static Stream<Arguments> mistakes() {
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
                // too long for the key's CEL rule to be evaluated: the API server skips rules after a bound is broken
                arguments("key-two-letters", "spec.users[1].key", "maxLength", "Too long: may not be more than 1 byte"),
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
                arguments("route-gateway-for-ingress", "spec.route.gateway", RULE, "route.gateway applies only to kind HTTPRoute"),
                arguments("route-kind-unknown", "spec.route.kind", "enum",
                        "Unsupported value: \"Gateway\": supported values: \"HTTPRoute\", \"Ingress\", \"None\""),
                arguments("pool-without-shared-placement", "spec.pool", RULE, "pool applies only to placement Shared"),
                arguments("pool-uppercase", "spec.pool", RULE, "pool must be a DNS label"),
                arguments("pool-uppercase", "spec.pool", "pattern", "should match"),
                arguments("placement-unknown", "spec.placement", "enum",
                        "Unsupported value: \"Pooled\": supported values: \"Dedicated\", \"Shared\""),
                arguments("host-with-scheme", "spec.host", RULE, "host must be a lower-case DNS name such as cal.example.com"),
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
                arguments("access-user-header-with-colon", "spec.access.userHeader", "pattern", "should match"),
                // kubectl's strict field validation refuses the unknown field before anything else is checked
                arguments("users-misspelled", "spec.user", "additionalProperties", "unknown field \"spec.user\""));
    }


    public static Path file(String name) {
        return Resources.examples().resolve("invalid").resolve(name + ".yaml");
    }
}
