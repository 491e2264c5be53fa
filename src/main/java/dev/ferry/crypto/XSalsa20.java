package dev.ferry.crypto;

import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The XSalsa20 keystream (HSalsa20 subkey + Salsa20/20, 64-bit block counter from 0) applied as a running XOR, as
 * libp2p private networks (PSK v1) use it: one instance per direction, the keystream continues across calls.
 * Encryption and decryption are the same operation. Not thread-safe.
 */
public final class XSalsa20 {
    public static final int KEY_LENGTH = 32;
    public static final int NONCE_LENGTH = 24;

    private final XSalsa20Engine engine = new XSalsa20Engine();

    /**
     * @param key 32 bytes
     * @param nonce 24 bytes
     * @throws IllegalArgumentException on wrong lengths
     */
    public XSalsa20(byte[] key, byte[] nonce) {
        if (key == null || key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("XSalsa20 key must be 32 bytes");
        }
        if (nonce == null || nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("XSalsa20 nonce must be 24 bytes");
        }
        engine.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
    }

    /** XORs the next {@code len} keystream bytes into {@code in[inOff..]}, writing {@code out[outOff..]} (may alias). */
    public void apply(byte[] in, int inOff, int len, byte[] out, int outOff) {
        java.util.Objects.checkFromIndexSize(inOff, len, in.length);
        java.util.Objects.checkFromIndexSize(outOff, len, out.length);
        if (len == 0) {
            return;
        }
        try {
            engine.processBytes(in, inOff, len, out, outOff);
        } catch (org.bouncycastle.crypto.MaxBytesExceededException e) {
            // 2^70 bytes: unreachable in practice, but do not wrap the keystream silently.
            throw new CryptoException("XSalsa20 keystream exhausted", e);
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
}
