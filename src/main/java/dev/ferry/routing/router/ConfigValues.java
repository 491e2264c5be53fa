package dev.ferry.routing.router;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Parsers for the routing config values. Each throws only {@link IllegalArgumentException} (with a message naming
 * what is wrong), never allocates more than its input's size and accepts at most {@link #MAX_LENGTH} characters.
 */
public final class ConfigValues {
    public static final int MAX_LENGTH = 256;

    private ConfigValues() {}

    /**
     * A list of content classes: labels separated by commas and/or spaces, optionally as a JSON array
     * ({@code ["private", "small"]}); empty means none.
     */
    public static Set<ContentClass> classes(String text) {
        String s = checked(text).strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        EnumSet<ContentClass> out = EnumSet.noneOf(ContentClass.class);
        for (String part : s.split("[,\\s]+")) {
            String p = part.strip();
            if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
                p = p.substring(1, p.length() - 1);
            }
            if (!p.isEmpty()) {
                out.add(ContentClass.fromLabel(p));
            }
        }
        return out;
    }

    /** The text form of a class list, e.g. {@code private, recent}. */
    public static String format(Set<ContentClass> classes) {
        return String.join(", ", EnumSet.copyOf(classes.isEmpty() ? EnumSet.noneOf(ContentClass.class) : classes)
                .stream().map(ContentClass::label).toList());
    }

    /**
     * A byte count: digits with an optional unit B, KB, MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024),
     * case-insensitive, at most 2^62.
     */
    public static long bytes(String text) {
        String s = checked(text).strip().toUpperCase(Locale.ROOT);
        int i = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == 0 || i > 19) {
            throw new IllegalArgumentException("invalid byte size '" + text + "' (e.g. 1048576, 1MiB, 64MB)");
        }
        long n;
        try {
            n = Long.parseLong(s.substring(0, i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid byte size '" + text + "'");
        }
        long unit = switch (s.substring(i).strip()) {
            case "", "B" -> 1;
            case "KB" -> 1000;
            case "MB" -> 1000_000;
            case "GB" -> 1000_000_000;
            case "KIB" -> 1L << 10;
            case "MIB" -> 1L << 20;
            case "GIB" -> 1L << 30;
            default -> throw new IllegalArgumentException("invalid byte size unit in '" + text
                    + "' (B, KB, MB, GB, KiB, MiB, GiB)");
        };
        if (n > (1L << 62) / unit) {
            throw new IllegalArgumentException("byte size too large: '" + text + "'");
        }
        return n * unit;
    }

    /** A duration: digits with a unit ms, s, m, h or d ({@code 500ms}, {@code 24h}, {@code 30d}), at most 100 years. */
    public static Duration duration(String text) {
        String s = checked(text).strip().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == 0 || i > 12) {
            throw new IllegalArgumentException("invalid duration '" + text + "' (e.g. 500ms, 10s, 24h, 30d)");
        }
        long n = Long.parseLong(s.substring(0, i));
        Duration d = switch (s.substring(i)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException("invalid duration unit in '" + text + "' (ms, s, m, h, d)");
        };
        if (d.compareTo(Duration.ofDays(36_500)) > 0) {
            throw new IllegalArgumentException("duration too long: '" + text + "'");
        }
        return d;
    }

    /** A finite decimal number (a score weight), e.g. {@code 100}, {@code -2.5}, {@code 0.1}. */
    public static double number(String text) {
        String s = checked(text).strip();
        if (!s.matches("[+-]?(\\d{1,15}(\\.\\d{0,15})?|\\.\\d{1,15})")) {
            throw new IllegalArgumentException("invalid number '" + text + "'");
        }
        return Double.parseDouble(s);
    }

    /** A whole number in {@code [min, max]}. */
    public static int integer(String text, int min, int max) {
        String s = checked(text).strip();
        if (!s.matches("[+-]?\\d{1,10}")) {
            throw new IllegalArgumentException("invalid whole number '" + text + "'");
        }
        long v = Long.parseLong(s);
        if (v < min || v > max) {
            throw new IllegalArgumentException("'" + text + "' is out of range " + min + ".." + max);
        }
        return (int) v;
    }

    private static String checked(String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing value");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("value longer than " + MAX_LENGTH + " characters");
        }
        return text;
    }
}
