package dev.ferry.net.security.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Writes the few DER structures a libp2p certificate needs, each as a complete TLV. */
final class DerWriter {
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

    private DerWriter() {}

    static byte[] tlv(int tag, byte[]... parts) {
        int len = 0;
        for (byte[] p : parts) {
            len += p.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 6);
        out.write(tag);
        if (len < 0x80) {
            out.write(len);
        } else {
            int n = (32 - Integer.numberOfLeadingZeros(len) + 7) / 8;
            out.write(0x80 | n);
            for (int i = n - 1; i >= 0; i--) {
                out.write(len >>> (8 * i));
            }
        }
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... parts) {
        return tlv(DerReader.SEQUENCE, parts);
    }

    static byte[] set(byte[]... parts) {
        return tlv(DerReader.SET, parts);
    }

    /** A context-specific, constructed, explicitly tagged element {@code [n]}. */
    static byte[] explicit(int n, byte[] inner) {
        return tlv(0xa0 | n, inner);
    }

    static byte[] integer(BigInteger v) {
        return tlv(DerReader.INTEGER, v.toByteArray()); // two's complement, minimal
    }

    static byte[] bool(boolean v) {
        return tlv(DerReader.BOOLEAN, new byte[] {(byte) (v ? 0xff : 0)});
    }

    static byte[] octetString(byte[] v) {
        return tlv(DerReader.OCTET_STRING, v);
    }

    static byte[] bitString(byte[] v) {
        return tlv(DerReader.BIT_STRING, new byte[] {0}, v);
    }

    static byte[] printableString(String s) {
        return tlv(0x13, s.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        if (arcs.length < 2) {
            throw new IllegalArgumentException("OID needs two arcs: " + dotted);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        base128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            base128(out, Long.parseLong(arcs[i]));
        }
        return tlv(DerReader.OID, out.toByteArray());
    }

    private static void base128(ByteArrayOutputStream out, long v) {
        int groups = 1;
        while ((v >>> (7 * groups)) != 0 && groups < 10) {
            groups++;
        }
        for (int i = groups - 1; i >= 0; i--) {
            int b = (int) ((v >>> (7 * i)) & 0x7f);
            out.write(i > 0 ? b | 0x80 : b);
        }
    }

    /** A certificate time as RFC 5280 wants it: UTCTime through 2049, GeneralizedTime from 2050; whole seconds. */
    static byte[] time(Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        if (z.getYear() < 2050 && z.getYear() >= 1950) {
            return tlv(0x17, UTC_TIME.format(z).getBytes(StandardCharsets.US_ASCII));
        }
        return tlv(0x18, GENERALIZED_TIME.format(z).getBytes(StandardCharsets.US_ASCII));
    }
}
