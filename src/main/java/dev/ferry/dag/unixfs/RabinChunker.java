package dev.ferry.dag.unixfs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * Kubo's Rabin chunker ({@code rabin-MIN-AVG-MAX}): a Rabin fingerprint of the last {@value #WINDOW} bytes, modulo an
 * irreducible polynomial of degree 53 over GF(2), cuts a chunk where its low floor(log2(AVG)) bits are all zero, once
 * the chunk holds at least MIN bytes; a chunk of MAX bytes is cut whatever the fingerprint.
 *
 * <p>As Kubo does, each chunk starts from a fresh fingerprint and skips its first MIN - 16 bytes, which cannot end it,
 * without hashing them; from MIN on the fingerprint is that of the 16 bytes before the cut, so the cuts depend on the
 * content only (not on how the stream delivers it). js ipfs-unixfs-importer makes the same cuts with its own
 * polynomial ({@link ChunkerSpec.Rabin#JS_POLYNOMIAL}): it hashes every byte, which gives the same fingerprint from the 16th on.
 *
 * <p>Memory: one buffer of MAX bytes, holding the chunk being cut.
 */
final class RabinChunker extends Chunker {
    static final int WINDOW = 16;

    private static final ConcurrentHashMap<Long, Tables> TABLES = new ConcurrentHashMap<>();

    private final InputStream in;
    private final int min;
    private final int max;
    private final long mask;
    private final Tables tables;
    private final byte[] buf;
    private int len;
    private boolean eof;
    private final byte[] window = new byte[WINDOW];

    RabinChunker(InputStream in, int min, int avg, int max, long polynomial, LongConsumer progress) {
        super(progress);
        if (min < WINDOW || min >= max || avg <= 0) {
            throw new IllegalArgumentException("bad rabin sizes " + min + "/" + avg + "/" + max);
        }
        this.in = in;
        this.min = min;
        this.max = max;
        this.mask = (1L << (63 - Long.numberOfLeadingZeros(avg))) - 1;
        this.tables = TABLES.computeIfAbsent(polynomial, Tables::new);
        this.buf = new byte[max];
    }

    @Override
    byte[] cut() throws IOException {
        // a fresh fingerprint: the window holds a single 1 byte (go's reset slides one in), the digest is 1
        Arrays.fill(window, (byte) 0);
        window[0] = 1;
        int wpos = 1;
        long digest = 1;
        long[] out = tables.out;
        long[] mod = tables.mod;
        int shift = tables.shift;
        int pos = min - WINDOW;
        while (true) {
            while (pos < len) {
                int b = buf[pos] & 0xff;
                digest ^= out[window[wpos] & 0xff];
                window[wpos] = (byte) b;
                wpos = (wpos + 1) & (WINDOW - 1);
                digest = ((digest << 8) | b) ^ mod[(int) (digest >>> shift)];
                pos++;
                if (pos >= min && ((digest & mask) == 0 || pos >= max)) {
                    return take(pos);
                }
            }
            if (eof) {
                return len == 0 ? null : take(len);
            }
            int r = in.read(buf, len, max - len);
            if (r < 0) {
                eof = true;
            } else {
                len += r;
            }
        }
    }

    /** The first {@code n} buffered bytes as a chunk; the rest moves to the front. */
    private byte[] take(int n) {
        byte[] chunk = Arrays.copyOf(buf, n);
        System.arraycopy(buf, n, buf, 0, len - n);
        len -= n;
        return chunk;
    }

    /**
     * Precomputed steps for one polynomial P of degree k: {@code out[b]} is b·x^(8·15) mod P, the part of the
     * fingerprint a byte leaving the window takes with it; {@code mod[b]} reduces the 8 bits pushed above degree k.
     */
    private static final class Tables {
        final long[] out = new long[256];
        final long[] mod = new long[256];
        final int shift;

        Tables(long pol) {
            int k = degree(pol);
            if (k < 9 || k > 55) {
                throw new IllegalArgumentException("polynomial degree out of range: " + k);
            }
            shift = k - 8;
            for (int b = 0; b < 256; b++) {
                long h = mod(b, pol);
                for (int i = 0; i < WINDOW - 1; i++) {
                    h = mod(h << 8, pol);
                }
                out[b] = h;
                long top = (long) b << k;
                mod[b] = mod(top, pol) | top;
            }
        }

        private static int degree(long p) {
            return 63 - Long.numberOfLeadingZeros(p);
        }

        /** x mod p over GF(2). */
        private static long mod(long x, long p) {
            int dp = degree(p);
            int d;
            while ((d = degree(x) - dp) >= 0) {
                x ^= p << d;
            }
            return x;
        }
    }
}
