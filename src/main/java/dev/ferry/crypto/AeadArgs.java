package dev.ferry.crypto;

import static dev.ferry.crypto.AeadCipher.KEY_LENGTH;
import static dev.ferry.crypto.AeadCipher.NONCE_LENGTH;
import static dev.ferry.crypto.AeadCipher.TAG_LENGTH;

import java.util.Objects;

/** Argument checks shared by the AEAD backends. */
final class AeadArgs {
    private AeadArgs() {}

    static void checkKey(byte[] key) {
        if (key == null || key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("ChaCha20-Poly1305 key must be 32 bytes");
        }
    }

    static void checkNonce(byte[] nonce) {
        if (nonce == null || nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("ChaCha20-Poly1305 nonce must be 12 bytes");
        }
    }

    static void checkSeal(byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        Objects.checkFromIndexSize(inOff, inLen, in.length);
        if (inLen > Integer.MAX_VALUE - TAG_LENGTH - 64) {
            throw new IllegalArgumentException("message too long");
        }
        Objects.checkFromIndexSize(outOff, inLen + TAG_LENGTH, out.length);
    }

    /** A ciphertext shorter than the tag cannot be authentic: that is an {@link AeadException}, not a usage error. */
    static void checkOpen(byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        Objects.checkFromIndexSize(inOff, inLen, in.length);
        if (inLen < TAG_LENGTH) {
            throw new AeadException("ciphertext of " + inLen + " bytes is shorter than the tag");
        }
        Objects.checkFromIndexSize(outOff, inLen - TAG_LENGTH, out.length);
    }
}
