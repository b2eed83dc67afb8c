package dev.cps.calendar.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The user colors: a few named ones and {@code #rrggbb}. Position {@code userN} gets
 * {@link #DEFAULTS_BY_POSITION}{@code [N-1]} unless the resource names another.
 */
public record UserColor(int red, int green, int blue) {

    /** The names a resource may use for a color, in the order the defaults take them. */
    public static final Map<String, UserColor> NAMED;
    public static final List<String> DEFAULTS_BY_POSITION = List.of("green", "red", "purple", "orange");
    /** The pattern the CRD schema enforces for a color value. */
    public static final String PATTERN = "^(green|red|purple|orange|blue|teal|pink|yellow|gray|#[0-9a-fA-F]{6})$";

    private static final Pattern HEX = Pattern.compile("^#[0-9a-fA-F]{6}$");
    private static final Pattern CSS_RGB = Pattern.compile("^rgb\\(\\s*(\\d{1,3})\\s*,\\s*(\\d{1,3})\\s*,\\s*(\\d{1,3})\\s*\\)$");

    static {
        Map<String, UserColor> named = new LinkedHashMap<>();
        named.put("green", new UserColor(34, 197, 94));
        named.put("red", new UserColor(220, 38, 38));
        named.put("purple", new UserColor(147, 51, 234));
        named.put("orange", new UserColor(249, 115, 22));
        named.put("blue", new UserColor(37, 99, 235));
        named.put("teal", new UserColor(13, 148, 136));
        named.put("pink", new UserColor(219, 39, 119));
        named.put("yellow", new UserColor(202, 138, 4));
        named.put("gray", new UserColor(100, 116, 139));
        NAMED = Map.copyOf(named);
    }

    public UserColor {
        for (int c : new int[] {red, green, blue}) {
            if (c < 0 || c > 255) {
                throw new IllegalArgumentException("color component out of range 0-255: " + c);
            }
        }
    }

    /** A color name or {@code #rrggbb}, as written in a CalendarInstance. */
    public static Optional<UserColor> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (NAMED.containsKey(v)) {
            return Optional.of(NAMED.get(v));
        }
        if (HEX.matcher(v).matches()) {
            return Optional.of(new UserColor(
                    Integer.parseInt(v.substring(1, 3), 16),
                    Integer.parseInt(v.substring(3, 5), 16),
                    Integer.parseInt(v.substring(5, 7), 16)));
        }
        return Optional.empty();
    }

    /**
     * A color as a stored config holds it: {@code #rrggbb} (what the operator writes), a name, or the
     * {@code rgb(r, g, b)} that older operators wrote.
     */
    public static Optional<UserColor> parseStored(String css) {
        if (css == null) {
            return Optional.empty();
        }
        var m = CSS_RGB.matcher(css.trim());
        if (!m.matches()) {
            return parse(css);
        }
        return Optional.of(new UserColor(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
    }

    /** The color of the user at 1-based {@code position}: {@code given} (a name or #rrggbb) if it is one, else the default. */
    public static UserColor forPosition(int position, String given) {
        return parse(given).orElse(defaultFor(position));
    }

    /** Default color of the user at 1-based {@code position}. */
    public static UserColor defaultFor(int position) {
        return NAMED.get(DEFAULTS_BY_POSITION.get((position - 1) % DEFAULTS_BY_POSITION.size()));
    }

    /** The key in {@code spec.colors} for the user at 1-based {@code position}. */
    public static String positionKey(int position) {
        return "user" + position;
    }

    /** {@code #rrggbb}: the form the config carries; the page derives fill and glows from it. */
    public String hex() {
        return String.format("#%02x%02x%02x", red, green, blue);
    }

    /** {@code rgb(r, g, b)}: how a browser reports this color as a computed style. */
    public String css() {
        return "rgb(" + red + ", " + green + ", " + blue + ")";
    }
}
