package dev.ferry.exchange.bitswap.wire;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads the framed messages of one stream into an array it reuses while they follow each other: a transfer's
 * messages (up to 2 MiB each) then cost no fresh array apiece, which the JVM would zero and collect. Reuse is safe
 * because a decoded message holds no view of the array ({@link BitswapCodec#decode(byte[], int)} copies every field
 * out). The array is let go whenever no more bytes are waiting after a message, so an idle stream holds none. Not
 * thread-safe: one reader per stream.
 */
public final class BitswapReader {
    private final InputStream in;
    private final int maxSize;
    private byte[] buffer;

    public BitswapReader(InputStream in, int maxSize) {
        this.in = Objects.requireNonNull(in, "in");
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize " + maxSize);
        }
        this.maxSize = maxSize;
    }

    /**
     * The next message; {@code null} at a clean end of stream.
     *
     * @throws BitswapWireException a malformed or oversized message, or the stream ends inside one
     * @throws IOException          the stream itself failed
     */
    public BitswapMessage read() throws IOException {
        int len = BitswapCodec.readLength(in, maxSize);
        if (len < 0) {
            buffer = null;
            return null;
        }
        if (buffer == null || buffer.length < len) {
            buffer = new byte[len]; // bounded by maxSize
        }
        BitswapMessage m;
        try {
            BitswapCodec.readBody(in, buffer, len);
            m = BitswapCodec.decode(buffer, len);
        } catch (IOException | RuntimeException e) {
            buffer = null; // the stream is done for
            throw e;
        }
        if (in.available() == 0) {
            buffer = null; // nothing follows yet: an idle stream keeps no array
        }
        return m;
    }

    /** Bytes of the array kept for the next message (0 when none). */
    int retained() {
        return buffer == null ? 0 : buffer.length;
    }
}
