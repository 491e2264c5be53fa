package dev.ferry.net.security.tls;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * A strict reader of the few DER structures libp2p TLS needs: one level of a TLV sequence at a time, over a slice of
 * an array. Only low tag numbers, definite and minimally encoded lengths, and canonical INTEGER, BOOLEAN and OBJECT
 * IDENTIFIER contents are accepted; anything else is a {@link DerException}. Never reads outside its slice.
 */
final class DerReader {
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;
    static final int INTEGER = 0x02;
    static final int BOOLEAN = 0x01;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int OID = 0x06;

    /** One element: its tag, where its contents lie, and where the whole TLV lies. */
    record Element(int tag, byte[] buf, int start, int contentStart, int end) {
        byte[] contents() {
            return Arrays.copyOfRange(buf, contentStart, end);
        }

        /** The whole encoding, tag and length included. */
        byte[] encoded() {
            return Arrays.copyOfRange(buf, start, end);
        }

        DerReader reader() {
            return new DerReader(buf, contentStart, end);
        }
    }

    private final byte[] buf;
    private int pos;
    private final int end;

    DerReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    private DerReader(byte[] buf, int from, int end) {
        this.buf = buf;
        this.pos = from;
        this.end = end;
    }

    boolean hasMore() {
        return pos < end;
    }

    /** The tag of the next element, or -1 at the end. */
    int peekTag() {
        return pos < end ? buf[pos] & 0xff : -1;
    }

    Element next() throws DerException {
        if (pos >= end) {
            throw new DerException("DER: element expected, found the end");
        }
        int start = pos;
        int tag = buf[pos++] & 0xff;
        if ((tag & 0x1f) == 0x1f) {
            throw new DerException("DER: high tag numbers are not supported");
        }
        if (pos >= end) {
            throw new DerException("DER: length missing");
        }
        int first = buf[pos++] & 0xff;
        long len;
        if (first < 0x80) {
            len = first;
        } else {
            int n = first & 0x7f;
            if (n == 0) {
                throw new DerException("DER: indefinite length");
            }
            if (n > 4) {
                throw new DerException("DER: length of " + n + " bytes");
            }
            if (end - pos < n) {
                throw new DerException("DER: truncated length");
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (buf[pos++] & 0xff);
            }
            if (len < 0x80 || (n > 1 && len < (1L << (8 * (n - 1))))) {
                throw new DerException("DER: length not minimally encoded");
            }
        }
        if (len > end - pos) {
            throw new DerException("DER: element of " + len + " bytes exceeds the " + (end - pos) + " left");
        }
        int contentStart = pos;
        pos += (int) len;
        return new Element(tag, buf, start, contentStart, pos);
    }

    Element next(int tag) throws DerException {
        int t = peekTag();
        if (t != tag) {
            throw new DerException("DER: expected tag 0x" + Integer.toHexString(tag) + ", found "
                    + (t < 0 ? "the end" : "0x" + Integer.toHexString(t)));
        }
        return next();
    }

    DerReader sequence() throws DerException {
        return next(SEQUENCE).reader();
    }

    byte[] octetString() throws DerException {
        return next(OCTET_STRING).contents();
    }

    /** A BIT STRING of whole bytes (no unused bits), as its bytes. */
    byte[] bitString() throws DerException {
        Element e = next(BIT_STRING);
        if (e.end() == e.contentStart()) {
            throw new DerException("DER: empty BIT STRING");
        }
        if (e.buf()[e.contentStart()] != 0) {
            throw new DerException("DER: BIT STRING with unused bits");
        }
        return Arrays.copyOfRange(e.buf(), e.contentStart() + 1, e.end());
    }

    BigInteger integer() throws DerException {
        Element e = next(INTEGER);
        int n = e.end() - e.contentStart();
        if (n == 0) {
            throw new DerException("DER: empty INTEGER");
        }
        if (n > 1) {
            int b0 = e.buf()[e.contentStart()];
            int b1 = e.buf()[e.contentStart() + 1];
            if ((b0 == 0 && b1 >= 0) || (b0 == -1 && b1 < 0)) {
                throw new DerException("DER: INTEGER not minimally encoded");
            }
        }
        return new BigInteger(e.contents());
    }

    boolean bool() throws DerException {
        Element e = next(BOOLEAN);
        if (e.end() - e.contentStart() != 1) {
            throw new DerException("DER: BOOLEAN of " + (e.end() - e.contentStart()) + " bytes");
        }
        int v = e.buf()[e.contentStart()] & 0xff;
        if (v != 0 && v != 0xff) {
            throw new DerException("DER: BOOLEAN neither 00 nor FF");
        }
        return v == 0xff;
    }

    /** An OBJECT IDENTIFIER in dotted form; arcs above {@code Long.MAX_VALUE} are refused. */
    String oid() throws DerException {
        Element e = next(OID);
        byte[] b = e.buf();
        if (e.end() == e.contentStart()) {
            throw new DerException("DER: empty OBJECT IDENTIFIER");
        }
        StringBuilder sb = new StringBuilder();
        long arc = 0;
        boolean first = true;
        for (int i = e.contentStart(); i < e.end(); i++) {
            int v = b[i] & 0xff;
            if (arc == 0 && v == 0x80) {
                throw new DerException("DER: OBJECT IDENTIFIER arc not minimally encoded");
            }
            if (arc > (Long.MAX_VALUE >> 7)) {
                throw new DerException("DER: OBJECT IDENTIFIER arc too large");
            }
            arc = (arc << 7) | (v & 0x7f);
            if ((v & 0x80) == 0) {
                if (first) {
                    int top = arc < 40 ? 0 : arc < 80 ? 1 : 2;
                    sb.append(top).append('.').append(arc - 40L * top);
                    first = false;
                } else {
                    sb.append('.').append(arc);
                }
                arc = 0;
            } else if (i == e.end() - 1) {
                throw new DerException("DER: OBJECT IDENTIFIER ends inside an arc");
            }
        }
        return sb.toString();
    }

    /** Checks nothing follows. */
    void end() throws DerException {
        if (pos != end) {
            throw new DerException("DER: " + (end - pos) + " unexpected trailing bytes");
        }
    }
}
