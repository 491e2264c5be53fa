package dev.ferry.multiformats;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Unsigned LEB128 varints as multiformats uses them: 7 low bits first, the high bit set on every byte but the last.
 * Values are limited to 0..2^63-1, at most {@value #MAX_BYTES} bytes, and only the minimal encoding is accepted
 * (as go-varint does). Thread-safe (stateless).
 */
public final class Varint {
    /** Longest accepted encoding: 9 bytes carry 63 bits. */
    public static final int MAX_BYTES = 9;

    private Varint() {
    }

    /** Number of bytes the encoding of {@code v} takes. */
    public static int size(long v) {
        requireUnsigned(v);
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    public static byte[] encode(long v) {
        byte[] out = new byte[size(v)];
        write(v, out, 0);
        return out;
    }

    /** Writes the encoding of {@code v} at {@code dst[off]}; returns the number of bytes written. */
    public static int write(long v, byte[] dst, int off) {
        requireUnsigned(v);
        int i = off;
        while ((v & ~0x7FL) != 0) {
            dst[i++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        dst[i++] = (byte) v;
        return i - off;
    }

    public static void write(long v, OutputStream out) throws IOException {
        byte[] buf = new byte[MAX_BYTES];
        int n = write(v, buf, 0);
        out.write(buf, 0, n);
    }

    /**
     * Decodes one varint at the buffer's position and advances past it. On failure the position is left unchanged.
     *
     * @throws MultiformatException if truncated, longer than 9 bytes, or not minimally encoded
     */
    public static long decode(ByteBuffer buf) {
        int start = buf.position();
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (!buf.hasRemaining()) {
                buf.position(start);
                throw new MultiformatException("truncated varint");
            }
            int b = buf.get() & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    buf.position(start);
                    throw new MultiformatException("varint not minimally encoded");
                }
                return value;
            }
        }
        buf.position(start);
        throw new MultiformatException("varint longer than " + MAX_BYTES + " bytes");
    }

    /**
     * Reads one varint from a stream, byte by byte (never reads past it).
     *
     * @throws EOFException at a clean end of stream before the first byte
     * @throws MultiformatException if malformed, or the stream ends inside the varint
     */
    public static long read(InputStream in) throws IOException {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0) {
                    throw new EOFException("end of stream before varint");
                }
                throw new MultiformatException("end of stream inside varint");
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new MultiformatException("varint not minimally encoded");
                }
                return value;
            }
        }
        throw new MultiformatException("varint longer than " + MAX_BYTES + " bytes");
    }

    private static void requireUnsigned(long v) {
        if (v < 0) {
            throw new MultiformatException("varint value out of range: " + Long.toUnsignedString(v));
        }
    }
}
