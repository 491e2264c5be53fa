package dev.ferry.api.gateway;

import java.util.Locale;

/**
 * The {@code Range} request header (RFC 9110 section 14.2), bytes unit only. A header that is not valid is ignored
 * (the whole representation is served), as RFC 9110 asks; several ranges are served as the whole body too.
 */
sealed interface RangeHeader {
    /** Longest header considered; beyond that it is ignored. */
    int MAX_LENGTH = 1024;

    /** No usable Range: serve everything. */
    record Whole() implements RangeHeader {
    }

    /**
     * One range: {@code first-last}, {@code first-} (last null) or the suffix {@code -length} (first null, last the
     * suffix length).
     */
    record Single(Long first, Long last) implements RangeHeader {
    }

    /** An inclusive byte span to serve with 206. */
    record Span(long first, long last) {
        long length() {
            return last - first + 1;
        }
    }

    /** Never throws: anything unusable is {@link Whole}. */
    static RangeHeader parse(String header) {
        if (header == null || header.length() > MAX_LENGTH) {
            return new Whole();
        }
        String h = header.strip();
        int eq = h.indexOf('=');
        if (eq < 0 || !h.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("bytes")) {
            return new Whole();
        }
        String spec = h.substring(eq + 1).strip();
        if (spec.indexOf(',') >= 0) {
            return new Whole(); // several ranges: answered with the whole body (allowed by RFC 9110)
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Whole();
        }
        String a = spec.substring(0, dash).strip();
        String b = spec.substring(dash + 1).strip();
        Long first = number(a);
        Long last = number(b);
        if (a.isEmpty()) {
            return last == null ? new Whole() : new Single(null, last);
        }
        if (first == null || (!b.isEmpty() && last == null)) {
            return new Whole();
        }
        if (last != null && last < first) {
            return new Whole();
        }
        return new Single(first, last);
    }

    private static Long number(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return null;
            }
        }
        return Long.parseLong(s);
    }

    /** The span of a {@link Single} in a representation of {@code size} bytes, or null when unsatisfiable (416). */
    static Span resolve(Single r, long size) {
        if (r.first() == null) {
            long n = r.last();
            if (n == 0 || size == 0) {
                return null;
            }
            return new Span(Math.max(0, size - n), size - 1);
        }
        if (r.first() >= size) {
            return null;
        }
        long last = r.last() == null ? size - 1 : Math.min(r.last(), size - 1);
        return new Span(r.first(), last);
    }
}
