package dev.ferry.node.repo;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as Kubo's config writes them (go-humanize's {@code ParseBytes}): a decimal number, an optional space and
 * a unit, case-insensitive. SI units are powers of 1000 ({@code 10GB} = 10^10 bytes, {@code k}/{@code kB},
 * {@code M}/{@code MB} … {@code P}/{@code PB}), IEC units powers of 1024 ({@code Ki}/{@code KiB} …
 * {@code Pi}/{@code PiB}); no unit or {@code B} is bytes.
 */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*([a-z]*)");

    private ByteSize() {}

    /** @throws IllegalArgumentException for text that is no size, or one past {@link Long#MAX_VALUE} */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid size '" + text + "' (use e.g. 10GB, 512MiB or 1000000)");
        }
        long unit = switch (m.group(2)) {
            case "", "b" -> 1L;
            case "k", "kb" -> 1_000L;
            case "m", "mb" -> 1_000_000L;
            case "g", "gb" -> 1_000_000_000L;
            case "t", "tb" -> 1_000_000_000_000L;
            case "p", "pb" -> 1_000_000_000_000_000L;
            case "ki", "kib" -> 1L << 10;
            case "mi", "mib" -> 1L << 20;
            case "gi", "gib" -> 1L << 30;
            case "ti", "tib" -> 1L << 40;
            case "pi", "pib" -> 1L << 50;
            default -> throw new IllegalArgumentException("invalid size '" + text
                    + "': unknown unit '" + m.group(2) + "' (B, kB, MB, GB, TB, PB, KiB, MiB, GiB, TiB, PiB)");
        };
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("size '" + text + "' is too large");
        }
        return bytes.longValue(); // a fraction of a byte is dropped, as go-humanize does
    }
}
