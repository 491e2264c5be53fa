package dev.ferry.crypto;

import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/** The Salsa20/20 keystream with a 256-bit key and a 64-bit nonce, block counter from 0 (for key fingerprints). */
public final class Salsa20 {
    public static final int KEY_LENGTH = 32;
    public static final int NONCE_LENGTH = 8;

    private Salsa20() {
    }

    /**
     * The first {@code length} keystream bytes.
     *
     * @throws IllegalArgumentException on wrong key or nonce lengths, or a negative length
     */
    public static byte[] keystream(byte[] key, byte[] nonce, int length) {
        if (key == null || key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("Salsa20 key must be 32 bytes");
        }
        if (nonce == null || nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("Salsa20 nonce must be 8 bytes");
        }
        if (length < 0) {
            throw new IllegalArgumentException("negative length");
        }
        Salsa20Engine engine = new Salsa20Engine();
        engine.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] out = new byte[length];
        engine.processBytes(new byte[length], 0, length, out, 0);
        return out;
    }
}
