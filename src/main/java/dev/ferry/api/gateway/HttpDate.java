package dev.ferry.api.gateway;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP dates (RFC 9110 section 5.6.7): written as IMF-fixdate, read in all three forms a recipient must accept
 * (IMF-fixdate, obsolete RFC 850 and asctime). The weekday is not checked, as clients get it wrong harmlessly.
 */
final class HttpDate {
    /** Longest value parsed; anything longer is not a date. */
    static final int MAX_LENGTH = 64;

    private static final DateTimeFormatter IMF = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.US).withZone(ZoneOffset.UTC);
    private static final List<String> MONTHS = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
            "Oct", "Nov", "Dec");
    private static final Pattern IMF_FIXDATE = Pattern.compile(
            "[A-Za-z]{3}, (\\d{2}) ([A-Za-z]{3}) (\\d{4}) (\\d{2}):(\\d{2}):(\\d{2}) GMT");
    private static final Pattern RFC_850 = Pattern.compile(
            "[A-Za-z]{6,9}, (\\d{2})-([A-Za-z]{3})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) GMT");
    private static final Pattern ASCTIME = Pattern.compile(
            "[A-Za-z]{3} ([A-Za-z]{3}) ([ \\d]\\d) (\\d{2}):(\\d{2}):(\\d{2}) (\\d{4})");

    private HttpDate() {
    }

    /** IMF-fixdate of {@code t}, to the second (fractions are dropped); years 1..9999 only. */
    static String format(Instant t) {
        return IMF.format(t);
    }

    /** The instant of an HTTP date, or empty when {@code value} is none of the three forms. Never throws. */
    static Optional<Instant> parse(String value, Instant now) {
        if (value == null || value.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String v = value.strip();
        Matcher m = IMF_FIXDATE.matcher(v);
        if (m.matches()) {
            return of(m.group(3), m.group(2), m.group(1), m.group(4), m.group(5), m.group(6));
        }
        m = RFC_850.matcher(v);
        if (m.matches()) {
            // a two-digit year more than 50 years ahead is the latest past year with those digits (RFC 9110)
            int year = 2000 + Integer.parseInt(m.group(3));
            if (year > now.atZone(ZoneOffset.UTC).getYear() + 50) {
                year -= 100;
            }
            return of(Integer.toString(year), m.group(2), m.group(1), m.group(4), m.group(5), m.group(6));
        }
        m = ASCTIME.matcher(v);
        if (m.matches()) {
            return of(m.group(6), m.group(1), m.group(2).strip(), m.group(3), m.group(4), m.group(5));
        }
        return Optional.empty();
    }

    private static Optional<Instant> of(String year, String month, String day, String hour, String minute,
            String second) {
        int mon = MONTHS.indexOf(month);
        if (mon < 0) {
            return Optional.empty();
        }
        try {
            LocalDateTime t = LocalDateTime.of(Integer.parseInt(year), mon + 1, Integer.parseInt(day),
                    Integer.parseInt(hour), Integer.parseInt(minute), Integer.parseInt(second));
            return Optional.of(ZonedDateTime.of(t, ZoneOffset.UTC).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
