package dev.ferry.exchange.ferry;

import dev.ferry.exchange.ferry.wire.CapabilitiesFormatException;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.MultiformatException;
import dev.ferry.multiformats.Multihash;
import dev.ferry.multiformats.Varint;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable Bloom filter over multihash bytes, in the frozen format of the package documentation: hash function
 * {@value #HASH_SHA256_DOUBLE} (double hashing from SHA-256 of the multihash bytes), {@code m} bits, {@code k} hashes.
 * Built with {@link #builder}; thread-safe once built. Equality is over the encoding.
 */
public final class BloomFilter {
    /** Hash function id 1: SHA-256 of the multihash bytes, h1 = digest[0..8), h2 = digest[8..16) big-endian. */
    public static final int HASH_SHA256_DOUBLE = 1;
    /** The absolute cap on the bit count a decoder accepts: 64 Mibit (8 MiB of bits). */
    public static final long MAX_BITS = 64L * 1024 * 1024;
    /** The cap on the hash count. */
    public static final int MAX_HASHES = 32;
    /** Sizing never starts below this many bits (then rounds up to a prime). */
    public static final int MIN_BITS = 64;
    /** Inputs longer than this are not multihashes (2 varints + a 128-byte digest at most). */
    public static final int MAX_ITEM = 2 * Varint.MAX_BYTES + Multihash.MAX_DIGEST_LENGTH;

    private final int bitCount;
    private final int hashCount;
    private final byte[] bits;

    private BloomFilter(int bitCount, int hashCount, byte[] bits) {
        this.bitCount = bitCount;
        this.hashCount = hashCount;
        this.bits = bits;
    }

    /**
     * A builder sized for {@code expectedEntries} at false-positive rate {@code fpRate}: the ideal bit count
     * {@code m* = ceil(-n·ln p / (ln 2)²)}; {@code m} = the smallest prime ≥ max(64, m*), or the largest prime ≤
     * {@code maxBits} when that is smaller (the real rate is then higher); {@code k = clamp(round(min(m, m*)/n · ln 2),
     * 1, 32)} ({@code k = 1} for n = 0). A prime {@code m} keeps double hashing from folding onto a few bits: any
     * {@code h2} not a multiple of {@code m} walks {@code k} distinct positions.
     *
     * @throws IllegalArgumentException n negative, p not in (0, 1), or maxBits outside [64, {@link #MAX_BITS}]
     */
    public static Builder builder(long expectedEntries, double fpRate, long maxBits) {
        if (expectedEntries < 0) {
            throw new IllegalArgumentException("expected entries must be >= 0: " + expectedEntries);
        }
        if (!(fpRate > 0 && fpRate < 1)) {
            throw new IllegalArgumentException("false-positive rate must be in (0, 1): " + fpRate);
        }
        if (maxBits < MIN_BITS || maxBits > MAX_BITS) {
            throw new IllegalArgumentException("maxBits out of [" + MIN_BITS + ", " + MAX_BITS + "]: " + maxBits);
        }
        double ln2 = Math.log(2);
        double ideal = Math.ceil(-expectedEntries * Math.log(fpRate) / (ln2 * ln2));
        long wanted = (long) Math.min(Math.max(ideal, MIN_BITS), MAX_BITS);
        long m = nextPrime(wanted);
        if (m > maxBits) {
            m = previousPrime(maxBits);
        }
        int k = expectedEntries == 0 ? 1
                : (int) Math.max(1, Math.min(MAX_HASHES, Math.round(Math.min(m, ideal) / expectedEntries * ln2)));
        return new Builder((int) m, k);
    }

    static long nextPrime(long n) {
        long p = Math.max(2, n);
        while (!isPrime(p)) {
            p++;
        }
        return p;
    }

    static long previousPrime(long n) {
        long p = n;
        while (!isPrime(p)) {
            p--;
        }
        return p;
    }

    /** Trial division: m ≤ 2^26 needs divisors up to 8192 only. */
    static boolean isPrime(long n) {
        if (n < 2) {
            return false;
        }
        if (n % 2 == 0) {
            return n == 2;
        }
        for (long d = 3; d * d <= n; d += 2) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }

    /** A builder sized as {@link #builder(long, double, long)} with the cap {@link #MAX_BITS}. */
    public static Builder builder(long expectedEntries, double fpRate) {
        return builder(expectedEntries, fpRate, MAX_BITS);
    }

    /**
     * A builder with an explicit geometry.
     *
     * @throws IllegalArgumentException bits outside [1, {@link #MAX_BITS}] or hashes outside [1, {@link #MAX_HASHES}]
     */
    public static Builder withGeometry(long bitCount, int hashCount) {
        if (bitCount < 1 || bitCount > MAX_BITS || hashCount < 1 || hashCount > MAX_HASHES) {
            throw new IllegalArgumentException("bad Bloom geometry: " + bitCount + " bits, " + hashCount + " hashes");
        }
        return new Builder((int) bitCount, hashCount);
    }

    /** The expected false-positive rate with {@code entries} distinct entries: {@code (1 - e^(-k·n/m))^k}. */
    public double expectedFpRate(long entries) {
        return Math.pow(1 - Math.exp(-(double) hashCount * entries / bitCount), hashCount);
    }

    public int bitCount() {
        return bitCount;
    }

    public int hashCount() {
        return hashCount;
    }

    /** Number of bits set. */
    public long cardinality() {
        long n = 0;
        for (byte b : bits) {
            n += Integer.bitCount(b & 0xFF);
        }
        return n;
    }

    /** True if {@code multihash} may have been added; false means it certainly was not. */
    public boolean mightContain(byte[] multihash) {
        long[] h = hashes(multihash);
        for (int i = 0; i < hashCount; i++) {
            int bit = index(h, i, bitCount);
            if ((bits[bit >>> 3] & (1 << (bit & 7))) == 0) {
                return false;
            }
        }
        return true;
    }

    public boolean mightContain(Multihash multihash) {
        return mightContain(multihash.bytes());
    }

    /** By the CID's multihash: CIDv0 and CIDv1 of any codec over the same bytes answer alike. */
    public boolean mightContain(Cid cid) {
        return mightContain(cid.multihash().bytes());
    }

    /** The frozen byte encoding (see the package documentation). */
    public byte[] encode() {
        int header = 1 + Varint.size(bitCount) + Varint.size(hashCount);
        byte[] out = new byte[header + bits.length];
        out[0] = HASH_SHA256_DOUBLE;
        int off = 1 + Varint.write(bitCount, out, 1);
        off += Varint.write(hashCount, out, off);
        System.arraycopy(bits, 0, out, off, bits.length);
        return out;
    }

    /** Length of {@link #encode()} without encoding. */
    public int encodedLength() {
        return 1 + Varint.size(bitCount) + Varint.size(hashCount) + bits.length;
    }

    /**
     * Decodes the frozen format. The header is checked against the caps before the bits are copied.
     *
     * @throws CapabilitiesFormatException unknown hash function, a bit count above {@code maxBits} (or
     *                                     {@link #MAX_BITS}) or zero, a hash count outside [1, {@code maxHashes}],
     *                                     a body that is not exactly ceil(m/8) bytes, or padding bits set
     */
    public static BloomFilter decode(byte[] bytes, long maxBits, int maxHashes) throws CapabilitiesFormatException {
        if (bytes.length < 1) {
            throw new CapabilitiesFormatException("empty Bloom filter");
        }
        if (bytes[0] != HASH_SHA256_DOUBLE) {
            throw new CapabilitiesFormatException("unknown Bloom hash function " + (bytes[0] & 0xFF));
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        long m;
        long k;
        try {
            m = Varint.decode(buf);
            k = Varint.decode(buf);
        } catch (MultiformatException e) {
            throw new CapabilitiesFormatException("bad Bloom header: " + e.getMessage(), e);
        }
        if (m < 1 || k < 1) {
            throw new CapabilitiesFormatException("Bloom filter with zero bits or zero hashes");
        }
        if (m > Math.min(maxBits, MAX_BITS)) {
            throw CapabilitiesFormatException.oversized("Bloom filter of " + m + " bits refused (cap "
                    + Math.min(maxBits, MAX_BITS) + ")");
        }
        if (k > Math.min(maxHashes, MAX_HASHES)) {
            throw CapabilitiesFormatException.oversized("Bloom filter with " + k + " hashes refused (cap "
                    + Math.min(maxHashes, MAX_HASHES) + ")");
        }
        long byteCount = (m + 7) / 8;
        if (buf.remaining() != byteCount) {
            throw new CapabilitiesFormatException("Bloom filter of " + m + " bits needs " + byteCount
                    + " bytes, has " + buf.remaining());
        }
        byte[] b = Arrays.copyOfRange(bytes, buf.position(), bytes.length);
        int spare = (int) (byteCount * 8 - m);
        if (spare > 0 && (b[b.length - 1] & 0xFF) >>> (8 - spare) != 0) {
            throw new CapabilitiesFormatException("Bloom filter padding bits are set");
        }
        return new BloomFilter((int) m, (int) k, b);
    }

    /** Decodes with the absolute caps. */
    public static BloomFilter decode(byte[] bytes) throws CapabilitiesFormatException {
        return decode(bytes, MAX_BITS, MAX_HASHES);
    }

    /** h1, h2 from SHA-256 of the item. */
    static long[] hashes(byte[] item) {
        if (item.length > MAX_ITEM) {
            throw new IllegalArgumentException("item of " + item.length + " bytes is not a multihash");
        }
        byte[] d = sha256(item);
        ByteBuffer bb = ByteBuffer.wrap(d); // big-endian
        return new long[] {bb.getLong(0), bb.getLong(8)};
    }

    /** Bit i: (h1 + i·h2) mod 2^64, then unsigned mod m. */
    static int index(long[] h, int i, int m) {
        return (int) Long.remainderUnsigned(h[0] + i * h[1], m);
    }

    /** SHA-256 with the calling thread's reused engine (a filter of a whole store hashes every CID it holds). */
    private static byte[] sha256(byte[] data) {
        return dev.ferry.multiformats.Multihash.sha256(data).digest();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BloomFilter f && f.bitCount == bitCount && f.hashCount == hashCount
                && Arrays.equals(f.bits, bits);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * bitCount + hashCount) + Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
        String head = bits.length <= 8 ? HexFormat.of().formatHex(bits) : bits.length + " bytes";
        return "BloomFilter[m=" + bitCount + ", k=" + hashCount + ", set=" + cardinality() + ", " + head + "]";
    }

    /** Collects entries for one filter. Not thread-safe; {@link #build()} may be called more than once. */
    public static final class Builder {
        private final int bitCount;
        private final int hashCount;
        private final byte[] bits;
        private long added;

        private Builder(int bitCount, int hashCount) {
            this.bitCount = bitCount;
            this.hashCount = hashCount;
            this.bits = new byte[(bitCount + 7) / 8];
        }

        /** Adds one multihash, given as its bytes. */
        public Builder add(byte[] multihash) {
            long[] h = hashes(multihash);
            for (int i = 0; i < hashCount; i++) {
                int bit = index(h, i, bitCount);
                bits[bit >>> 3] |= (byte) (1 << (bit & 7));
            }
            added++;
            return this;
        }

        public Builder add(Multihash multihash) {
            return add(multihash.bytes());
        }

        public Builder add(Cid cid) {
            return add(cid.multihash().bytes());
        }

        /** Calls to {@link #add} so far (duplicates counted). */
        public long added() {
            return added;
        }

        public int bitCount() {
            return bitCount;
        }

        public int hashCount() {
            return hashCount;
        }

        public BloomFilter build() {
            return new BloomFilter(bitCount, hashCount, bits.clone());
        }
    }
}
