package dev.cps.calendar.reliability;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class as one row of {@code docs/RELIABILITY.md}: what it tries, what it expects,
 * and what its cases are. A test may publish {@code cases} (a {@link org.junit.jupiter.api.TestReporter}
 * entry) when one test method tries many things; otherwise each test (or parameterized case) counts once.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ReliabilitySuite {

    /** Position of the row in the table. */
    int order();

    String name();

    String tried();

    String expected();

    /** What one case is: "requests", "instances", "commands" ... */
    String unit();
}
