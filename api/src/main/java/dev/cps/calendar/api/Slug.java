package dev.cps.calendar.api;

import java.util.regex.Pattern;

/** A calendar's slug: a DNS label of at most {@value #MAX_LENGTH} characters. */
public final class Slug {

    public static final int MAX_LENGTH = 40;
    /** RFC 1123 label, the same pattern the CRD schema enforces. */
    public static final String PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private Slug() {
    }

    public static boolean isValid(String slug) {
        return slug != null && slug.length() <= MAX_LENGTH && COMPILED.matcher(slug).matches();
    }

    public static String requireValid(String slug) {
        if (!isValid(slug)) {
            throw new IllegalArgumentException("slug must be a DNS label (lower-case letters, digits and '-', "
                    + "starting and ending with a letter or digit) of at most " + MAX_LENGTH
                    + " characters, got: " + slug);
        }
        return slug;
    }
}
