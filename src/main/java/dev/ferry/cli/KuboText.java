package dev.ferry.cli;

import dev.ferry.node.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Kubo's human forms in text output: numbers as {@code 12} or {@code 4k (4,140)}, durations in Go's form, times as
 * {@code 2006-01-02 15:04:05}, and Go's {@code tabwriter} columns ({@code label:\tvalue} lines aligned).
 */
final class KuboText {
    private static final String[] SI = {"", "k", "M", "G", "T", "P", "E"};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);

    private KuboText() {}

    /**
     * A count as Kubo writes it: below 1000 as is, else its SI form (the mantissa cut to a whole number) and the full
     * number with thousands separators after a tab: {@code 4k\t(4,140)}.
     */
    static String number(long n) {
        String full = String.format(Locale.ROOT, "%,d", n);
        long abs = Math.abs(n);
        if (abs < 1000) {
            return full;
        }
        int unit = 0;
        long scale = 1;
        while (abs / scale >= 1000 && unit < SI.length - 1) {
            scale *= 1000;
            unit++;
        }
        return (n < 0 ? "-" : "") + abs / scale + SI[unit] + "\t(" + full + ")";
    }

    /** Go's duration text cut to the microsecond, as Kubo's {@code stats provide} prints one. */
    static String duration(long nanos) {
        return Durations.format(Duration.ofNanos(nanos - nanos % 1_000));
    }

    /** As Kubo's {@code provide stat} prints one: over a second cut to a tenth, else to the microsecond. */
    static String shortDuration(long nanos) {
        return nanos > 1_000_000_000L ? Durations.format(Duration.ofNanos(nanos - nanos % 100_000_000L)) : duration(nanos);
    }

    /** An RFC 3339 time in this machine's zone as {@code 2006-01-02 15:04:05}. */
    static String time(String rfc3339) {
        return TIME.format(Instant.parse(rfc3339).atZone(ZoneId.systemDefault()));
    }

    /**
     * Go's {@code tabwriter} with Kubo's settings (padding 1, spaces): in each line the cells ended by a tab form
     * columns; a column spans the consecutive lines that have it, and is as wide as its widest cell plus one.
     */
    static List<String> tabwrite(List<String> lines) {
        List<String[]> cells = new ArrayList<>();
        int columns = 0;
        for (String l : lines) {
            String[] c = l.split("\t", -1);
            cells.add(c);
            columns = Math.max(columns, c.length - 1);
        }
        int[][] width = new int[lines.size()][columns];
        for (int col = 0; col < columns; col++) {
            int i = 0;
            while (i < cells.size()) {
                if (cells.get(i).length - 1 <= col) {
                    i++;
                    continue;
                }
                int end = i;
                int w = 0;
                while (end < cells.size() && cells.get(end).length - 1 > col) {
                    w = Math.max(w, cells.get(end)[col].length());
                    end++;
                }
                for (int k = i; k < end; k++) {
                    width[k][col] = w + 1;
                }
                i = end;
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            String[] c = cells.get(i);
            StringBuilder b = new StringBuilder();
            for (int col = 0; col < c.length - 1; col++) {
                b.append(c[col]).append(" ".repeat(width[i][col] - c[col].length()));
            }
            out.add(b.append(c[c.length - 1]).toString());
        }
        return out;
    }
}
