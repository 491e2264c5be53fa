package dev.ferry.node;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Kubo writes them, on the command line and in its config (Go's {@code time.ParseDuration}):
 * {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1.5h}, and sums such as {@code 1m0s} or {@code 1h30m} (units
 * {@code ns}, {@code us}/{@code µs}, {@code ms}, {@code s}, {@code m}, {@code h}); a bare {@code 0} is zero. And
 * written back as Go's {@code Duration.String()} does ({@link #format}).
 */
public final class Durations {
    private static final Pattern TERM = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Long> NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private Durations() {}

    /** @throws IllegalArgumentException for text that is no duration */
    public static Duration parse(String text) {
        String s = text.strip();
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = TERM.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS.get(m.group(2)))));
            at = m.end();
        }
        if (at == 0 || at != s.length() || nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("invalid duration '" + text + "' (use e.g. 500ms, 10s, 2m, 1h30m)");
        }
        Duration d = Duration.ofNanos(nanos.longValue());
        return negative ? d.negated() : d;
    }

    /**
     * Go's {@code time.Duration.String()}: {@code 0s}, {@code 750ns}, {@code 1.5µs}, {@code 12.3ms}, {@code 1.5s},
     * {@code 2m0s}, {@code 22h0m0s}; fractions to the nanosecond without trailing zeros.
     */
    public static String format(Duration d) {
        long n;
        try {
            n = d.toNanos();
        } catch (ArithmeticException e) {
            n = d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE; // Go's durations stop at about 292 years too
        }
        if (n == 0) {
            return "0s";
        }
        String sign = n < 0 ? "-" : "";
        long abs = n == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(n); // the one value without a positive twin
        if (abs < 1_000L) {
            return sign + abs + "ns";
        }
        if (abs < 1_000_000L) {
            return sign + decimal(abs, 1_000L, 3) + "µs";
        }
        if (abs < 1_000_000_000L) {
            return sign + decimal(abs, 1_000_000L, 6) + "ms";
        }
        long hours = abs / 3_600_000_000_000L;
        long minutes = abs / 60_000_000_000L % 60;
        String seconds = decimal(abs % 60_000_000_000L, 1_000_000_000L, 9) + "s";
        if (hours > 0) {
            return sign + hours + "h" + minutes + "m" + seconds;
        }
        return sign + (minutes > 0 ? minutes + "m" : "") + seconds;
    }

    /** {@code value / unit} in decimal, the fraction ({@code digits} wide) without trailing zeros. */
    private static String decimal(long value, long unit, int digits) {
        long whole = value / unit;
        long fraction = value % unit;
        if (fraction == 0) {
            return Long.toString(whole);
        }
        String f = String.format(java.util.Locale.ROOT, "%0" + digits + "d", fraction).replaceFirst("0+$", "");
        return whole + "." + f;
    }
}
