package dev.ferry.routing.ipns;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The validity (end of life) of an IPNS record as RFC 3339 text with up to nanosecond precision. Written as Go's
 * {@code time.RFC3339Nano} writes it in UTC (Kubo's form: the fraction without trailing zeros, none when whole);
 * read in any RFC 3339 form, with any offset.
 */
final class IpnsValidity {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private IpnsValidity() {
    }

    static String format(Instant t) {
        StringBuilder s = new StringBuilder(SECONDS.format(t.atOffset(ZoneOffset.UTC)));
        int nanos = t.getNano();
        if (nanos != 0) {
            String fraction = String.format("%09d", nanos);
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            s.append('.').append(fraction, 0, end);
        }
        return s.append('Z').toString();
    }

    /**
     * @throws InvalidIpnsRecordException if the text is not an RFC 3339 date and time
     */
    static Instant parse(String text) throws InvalidIpnsRecordException {
        if (text.length() > 64) {
            throw new InvalidIpnsRecordException("a validity of " + text.length() + " characters");
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidIpnsRecordException("the validity is not an RFC 3339 time: " + text, e);
        }
    }
}
