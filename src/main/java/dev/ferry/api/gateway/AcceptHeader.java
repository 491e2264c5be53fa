package dev.ferry.api.gateway;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses {@code Accept} (RFC 9110 section 12.5.1) leniently: malformed entries are skipped, never thrown at. At most
 * {@link #MAX_ENTRIES} entries and {@link #MAX_PARAMS} parameters each are read.
 */
final class AcceptHeader {
    static final int MAX_ENTRIES = 32;
    static final int MAX_PARAMS = 8;

    private AcceptHeader() {
    }

    /** The acceptable entries (q &gt; 0), highest q first, ties in header order. Never throws. */
    static List<MediaRange> parse(String header) {
        List<MediaRange> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        for (String entry : header.split(",", MAX_ENTRIES + 1)) {
            if (out.size() >= MAX_ENTRIES) {
                break;
            }
            MediaRange r = entry(entry);
            if (r != null && r.q() > 0) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparingDouble(MediaRange::q).reversed());
        return out;
    }

    private static MediaRange entry(String entry) {
        String[] parts = entry.split(";", MAX_PARAMS + 2);
        String media = parts[0].strip().toLowerCase(Locale.ROOT);
        int slash = media.indexOf('/');
        if (slash <= 0 || slash == media.length() - 1 || !token(media.substring(0, slash))
                || !token(media.substring(slash + 1))) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        double q = 1.0;
        for (int i = 1; i < parts.length && i <= MAX_PARAMS; i++) {
            String p = parts[i].strip();
            int eq = p.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = p.substring(eq + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (name.equals("q")) {
                q = weight(value);
            } else {
                params.putIfAbsent(name, value.toLowerCase(Locale.ROOT));
            }
        }
        return new MediaRange(media.substring(0, slash), media.substring(slash + 1), params, q);
    }

    /** RFC 9110 qvalue: 0 to 1 with up to three decimals; anything else counts as unacceptable. */
    private static double weight(String v) {
        if (v.isEmpty() || v.length() > 5 || !v.matches("[01](\\.[0-9]{0,3})?")) {
            return 0;
        }
        double d = Double.parseDouble(v);
        return d > 1 ? 0 : d;
    }

    private static boolean token(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
