package dev.cps.calendar.operator.settings;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resource quantity ("0.125Gi", "0.5", "1000m") in the form the API server stores it ("128Mi",
 * "500m", "1"): the largest suffix of the same kind (binary or decimal) that keeps the number whole.
 * The operator writes quantities so, or the stored Deployment would differ from the desired one on
 * every reconcile and be written again.
 */
public final class CanonicalQuantity {

    private static final Pattern QUANTITY = Pattern.compile("^([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$");
    private static final List<Map.Entry<String, BigDecimal>> BINARY = List.of(
            Map.entry("Ei", BigDecimal.valueOf(1024).pow(6)), Map.entry("Pi", BigDecimal.valueOf(1024).pow(5)),
            Map.entry("Ti", BigDecimal.valueOf(1024).pow(4)), Map.entry("Gi", BigDecimal.valueOf(1024).pow(3)),
            Map.entry("Mi", BigDecimal.valueOf(1024).pow(2)), Map.entry("Ki", BigDecimal.valueOf(1024)));
    private static final List<Map.Entry<String, BigDecimal>> DECIMAL = List.of(
            Map.entry("E", BigDecimal.TEN.pow(18)), Map.entry("P", BigDecimal.TEN.pow(15)), Map.entry("T", BigDecimal.TEN.pow(12)),
            Map.entry("G", BigDecimal.TEN.pow(9)), Map.entry("M", BigDecimal.TEN.pow(6)), Map.entry("k", BigDecimal.TEN.pow(3)),
            Map.entry("", BigDecimal.ONE), Map.entry("m", BigDecimal.ONE.movePointLeft(3)),
            Map.entry("u", BigDecimal.ONE.movePointLeft(6)), Map.entry("n", BigDecimal.ONE.movePointLeft(9)));

    private CanonicalQuantity() {
    }

    /** @throws IllegalArgumentException if {@code quantity} is not a quantity, saying so for {@code setting} */
    public static String of(String quantity, String setting) {
        Matcher m = QUANTITY.matcher(quantity.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(setting + " must be a Kubernetes quantity such as 500m, 1, 128Mi or 1Gi: " + quantity);
        }
        String suffix = m.group(2) == null ? "" : m.group(2);
        boolean binary = suffix.endsWith("i");
        BigDecimal amount = new BigDecimal(m.group(1)).multiply(factor(suffix));
        if (binary && amount.stripTrailingZeros().scale() <= 0) {
            for (var unit : BINARY) {
                if (isWhole(amount.divide(unit.getValue())) && amount.compareTo(unit.getValue()) >= 0) {
                    return plain(amount.divide(unit.getValue())) + unit.getKey();
                }
            }
            return plain(amount);
        }
        for (var unit : DECIMAL) {
            BigDecimal scaled = amount.divide(unit.getValue());
            if (isWhole(scaled) && (amount.signum() == 0 ? unit.getKey().isEmpty() : amount.compareTo(unit.getValue()) >= 0)) {
                return plain(scaled) + unit.getKey();
            }
        }
        return plain(amount.divide(BigDecimal.ONE.movePointLeft(9)).setScale(0, java.math.RoundingMode.CEILING)) + "n";
    }

    /** {@code canonical} times {@code factor}, in canonical form again ("96Mi" x 2 is "192Mi", "500m" x 2 is "1"). */
    public static String times(String canonical, int factor) {
        Matcher m = QUANTITY.matcher(canonical);
        if (!m.matches()) {
            throw new IllegalArgumentException(canonical);
        }
        String number = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor)).toPlainString();
        return of(number + (m.group(2) == null ? "" : m.group(2)), canonical);
    }

    /** The amount in base units (bytes, cores) for comparisons. */
    public static BigDecimal amount(String canonical) {
        Matcher m = QUANTITY.matcher(canonical);
        if (!m.matches()) {
            throw new IllegalArgumentException(canonical);
        }
        return new BigDecimal(m.group(1)).multiply(factor(m.group(2) == null ? "" : m.group(2)));
    }

    private static BigDecimal factor(String suffix) {
        return BINARY.stream().filter(u -> u.getKey().equals(suffix)).findFirst()
                .or(() -> DECIMAL.stream().filter(u -> u.getKey().equals(suffix)).findFirst())
                .map(Map.Entry::getValue).orElseThrow();
    }

    private static boolean isWhole(BigDecimal value) {
        return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    }

    private static String plain(BigDecimal whole) {
        return whole.toBigIntegerExact().toString();
    }
}
