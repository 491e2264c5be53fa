package dev.ferry.crypto;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * The XSalsa20 keystream (HSalsa20 subkey + Salsa20/20, 64-bit block counter from 0) applied as a running XOR, as
 * libp2p private networks (PSK v1) use it: one instance per direction, the keystream continues across calls.
 * Encryption and decryption are the same operation. Not thread-safe.
 *
 * <p>Two keystreams behind one object: the system's libsodium through the FFM API when it loads ({@link LibSodium},
 * about 850 MB/s here), else Java written on plain ints, whole 64-byte blocks computed in locals and XORed 8 bytes at
 * a time (about 260 MB/s; BouncyCastle's engine, which XORs a byte at a time, does 125 and would cap every private
 * network connection). Either way HSalsa20 runs here once, and partial blocks are served from a kept keystream
 * block. BouncyCastle's engine is the tests' oracle for both.
 */
public final class XSalsa20 {
    public static final int KEY_LENGTH = 32;
    public static final int NONCE_LENGTH = 24;
    private static final int BLOCK = 64;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    // "expand 32-byte k"
    private static final int C0 = 0x61707865;
    private static final int C1 = 0x3320646e;
    private static final int C2 = 0x79622d32;
    private static final int C3 = 0x6b206574;

    /** The Salsa20 input block: constants, subkey, nonce tail, 64-bit counter (words 8 and 9). */
    private final int[] state;
    /** For libsodium: the HSalsa20 subkey and the nonce's last 8 bytes; null for the Java keystream. */
    private final byte[] subkey;
    private final byte[] nonceTail;
    /** Keystream of the current block not used yet: {@code block[used..64)}. */
    private final byte[] block = new byte[BLOCK];
    private int used = BLOCK;

    /**
     * @param key 32 bytes
     * @param nonce 24 bytes
     * @throws IllegalArgumentException on wrong lengths
     */
    public XSalsa20(byte[] key, byte[] nonce) {
        this(key, nonce, LibSodium.AVAILABLE);
    }

    /** With {@code nativeKeystream} false, the Java keystream even when libsodium loaded (tests compare them). */
    XSalsa20(byte[] key, byte[] nonce, boolean nativeKeystream) {
        if (nativeKeystream && !LibSodium.AVAILABLE) {
            throw new IllegalStateException("libsodium is not available: " + LibSodium.failure().orElse("?"));
        }
        if (key == null || key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("XSalsa20 key must be 32 bytes");
        }
        if (nonce == null || nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("XSalsa20 nonce must be 24 bytes");
        }
        // HSalsa20: the Salsa20 core of (key, first 16 nonce bytes) without its final addition, at the diagonal
        // and the nonce and counter words, is the subkey
        int[] h = block(key, (int) INT.get(nonce, 0), (int) INT.get(nonce, 4), (int) INT.get(nonce, 8),
                (int) INT.get(nonce, 12));
        byte[] ks = new byte[BLOCK];
        core(h, ks, 0, ks, 0);
        byte[] subkey = new byte[KEY_LENGTH];
        int[] at = {0, 5, 10, 15, 6, 7, 8, 9};
        for (int w = 0; w < at.length; w++) {
            INT.set(subkey, w * 4, (int) INT.get(ks, at[w] * 4) - h[at[w]]);
        }
        state = block(subkey, (int) INT.get(nonce, 16), (int) INT.get(nonce, 20), 0, 0);
        this.subkey = nativeKeystream ? subkey : null;
        this.nonceTail = nativeKeystream ? Arrays.copyOfRange(nonce, 16, 24) : null;
    }

    /** Jumps to 64-byte block {@code block} of the keystream (for tests of the counter's carry). */
    void seekToBlock(long block) {
        state[8] = (int) block;
        state[9] = (int) (block >>> 32);
        used = BLOCK;
    }

    /** Whether new instances use libsodium's keystream (else the Java one). */
    public static boolean nativeKeystream() {
        return LibSodium.AVAILABLE;
    }

    /** The Salsa20 input block of a 256-bit key, an 8-byte nonce (two words) and a counter (two words). */
    private static int[] block(byte[] key, int nonce0, int nonce1, int counter0, int counter1) {
        int[] s = new int[16];
        s[0] = C0;
        s[5] = C1;
        s[10] = C2;
        s[15] = C3;
        for (int w = 0; w < 4; w++) {
            s[1 + w] = (int) INT.get(key, w * 4);
            s[11 + w] = (int) INT.get(key, 16 + w * 4);
        }
        s[6] = nonce0;
        s[7] = nonce1;
        s[8] = counter0;
        s[9] = counter1;
        return s;
    }

    /**
     * XORs the next {@code len} keystream bytes into {@code in[inOff..]}, writing {@code out[outOff..]}. In and out
     * may be the same region ({@code in == out && inOff == outOff}), not partly overlapping ones.
     */
    public void apply(byte[] in, int inOff, int len, byte[] out, int outOff) {
        Objects.checkFromIndexSize(inOff, len, in.length);
        Objects.checkFromIndexSize(outOff, len, out.length);
        int i = 0;
        while (i < len && used < BLOCK) {
            out[outOff + i] = (byte) (in[inOff + i] ^ block[used++]);
            i++;
        }
        int whole = (len - i) & -BLOCK;
        if (whole > 0 && subkey != null) {
            xorNative(in, inOff + i, out, outOff + i, whole);
            i += whole;
        }
        while (len - i >= BLOCK) {
            core(state, in, inOff + i, out, outOff + i);
            next();
            i += BLOCK;
        }
        if (i < len) {
            Arrays.fill(block, (byte) 0);
            core(state, block, 0, block, 0); // zeros XOR keystream: the keystream itself
            next();
            used = 0;
            while (i < len) {
                out[outOff + i] = (byte) (in[inOff + i] ^ block[used++]);
                i++;
            }
        }
    }

    /** XORs the next keystream bytes into {@code buf[off..off+len)} in place. */
    public void apply(byte[] buf, int off, int len) {
        apply(buf, off, len, buf, off);
    }

    /** XORs the next keystream bytes into a copy of {@code data}. */
    public byte[] apply(byte[] data) {
        byte[] out = data.clone();
        apply(out, 0, out.length);
        return out;
    }

    /** libsodium over {@code len} bytes, a multiple of 64, from the current block on; the counter moves past them. */
    private void xorNative(byte[] in, int inOff, byte[] out, int outOff, int len) {
        long counter = (state[8] & 0xffffffffL) | ((long) state[9] << 32);
        long blocks = len / BLOCK;
        if (Long.compareUnsigned(counter + blocks, counter) < 0) {
            throw new CryptoException("XSalsa20 keystream exhausted");
        }
        int rc;
        try {
            rc = (int) LibSodium.SALSA20_XOR_IC.invokeExact(
                    MemorySegment.ofArray(out).asSlice(outOff, len), MemorySegment.ofArray(in).asSlice(inOff, len),
                    (long) len, MemorySegment.ofArray(nonceTail), counter, MemorySegment.ofArray(subkey));
        } catch (Throwable t) {
            throw new CryptoException("libsodium salsa20 failed", t);
        }
        if (rc != 0) {
            throw new CryptoException("libsodium salsa20 returned " + rc);
        }
        counter += blocks;
        state[8] = (int) counter;
        state[9] = (int) (counter >>> 32);
    }

    /** Moves the block counter on. */
    private void next() {
        if (++state[8] == 0 && ++state[9] == 0) {
            // 2^70 bytes: unreachable in practice, but never wrap the keystream silently
            throw new CryptoException("XSalsa20 keystream exhausted");
        }
    }

    /**
     * The Salsa20/20 block of input {@code s} XORed over {@code in[inOff..+64)} into {@code out}: computed in locals,
     * XORed 8 bytes at a time.
     */
    private static void core(int[] s, byte[] in, int inOff, byte[] out, int outOff) {
        int j0 = s[0], j1 = s[1], j2 = s[2], j3 = s[3], j4 = s[4], j5 = s[5], j6 = s[6], j7 = s[7];
        int j8 = s[8], j9 = s[9], j10 = s[10], j11 = s[11], j12 = s[12], j13 = s[13], j14 = s[14], j15 = s[15];
        int x0 = j0, x1 = j1, x2 = j2, x3 = j3, x4 = j4, x5 = j5, x6 = j6, x7 = j7;
        int x8 = j8, x9 = j9, x10 = j10, x11 = j11, x12 = j12, x13 = j13, x14 = j14, x15 = j15;
        for (int r = 0; r < 10; r++) {
            // columns
            x4 ^= Integer.rotateLeft(x0 + x12, 7);
            x8 ^= Integer.rotateLeft(x4 + x0, 9);
            x12 ^= Integer.rotateLeft(x8 + x4, 13);
            x0 ^= Integer.rotateLeft(x12 + x8, 18);
            x9 ^= Integer.rotateLeft(x5 + x1, 7);
            x13 ^= Integer.rotateLeft(x9 + x5, 9);
            x1 ^= Integer.rotateLeft(x13 + x9, 13);
            x5 ^= Integer.rotateLeft(x1 + x13, 18);
            x14 ^= Integer.rotateLeft(x10 + x6, 7);
            x2 ^= Integer.rotateLeft(x14 + x10, 9);
            x6 ^= Integer.rotateLeft(x2 + x14, 13);
            x10 ^= Integer.rotateLeft(x6 + x2, 18);
            x3 ^= Integer.rotateLeft(x15 + x11, 7);
            x7 ^= Integer.rotateLeft(x3 + x15, 9);
            x11 ^= Integer.rotateLeft(x7 + x3, 13);
            x15 ^= Integer.rotateLeft(x11 + x7, 18);
            // rows
            x1 ^= Integer.rotateLeft(x0 + x3, 7);
            x2 ^= Integer.rotateLeft(x1 + x0, 9);
            x3 ^= Integer.rotateLeft(x2 + x1, 13);
            x0 ^= Integer.rotateLeft(x3 + x2, 18);
            x6 ^= Integer.rotateLeft(x5 + x4, 7);
            x7 ^= Integer.rotateLeft(x6 + x5, 9);
            x4 ^= Integer.rotateLeft(x7 + x6, 13);
            x5 ^= Integer.rotateLeft(x4 + x7, 18);
            x11 ^= Integer.rotateLeft(x10 + x9, 7);
            x8 ^= Integer.rotateLeft(x11 + x10, 9);
            x9 ^= Integer.rotateLeft(x8 + x11, 13);
            x10 ^= Integer.rotateLeft(x9 + x8, 18);
            x12 ^= Integer.rotateLeft(x15 + x14, 7);
            x13 ^= Integer.rotateLeft(x12 + x15, 9);
            x14 ^= Integer.rotateLeft(x13 + x12, 13);
            x15 ^= Integer.rotateLeft(x14 + x13, 18);
        }
        xor2(in, inOff, out, outOff, x0 + j0, x1 + j1);
        xor2(in, inOff + 8, out, outOff + 8, x2 + j2, x3 + j3);
        xor2(in, inOff + 16, out, outOff + 16, x4 + j4, x5 + j5);
        xor2(in, inOff + 24, out, outOff + 24, x6 + j6, x7 + j7);
        xor2(in, inOff + 32, out, outOff + 32, x8 + j8, x9 + j9);
        xor2(in, inOff + 40, out, outOff + 40, x10 + j10, x11 + j11);
        xor2(in, inOff + 48, out, outOff + 48, x12 + j12, x13 + j13);
        xor2(in, inOff + 56, out, outOff + 56, x14 + j14, x15 + j15);
    }

    private static void xor2(byte[] in, int inOff, byte[] out, int outOff, int lo, int hi) {
        long ks = (lo & 0xffffffffL) | ((long) hi << 32);
        LONG.set(out, outOff, (long) LONG.get(in, inOff) ^ ks);
    }
}
