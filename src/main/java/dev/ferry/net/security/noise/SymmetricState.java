package dev.ferry.net.security.noise;

import dev.ferry.crypto.AeadCipher;
import java.nio.charset.StandardCharsets;
import dev.ferry.crypto.Hkdf;
import dev.ferry.crypto.Sha256;
import java.security.MessageDigest;
import java.util.Arrays;

/** Noise SymmetricState for SHA-256: chaining key {@code ck}, handshake hash {@code h} and a CipherState. */
final class SymmetricState {
    static final int HASHLEN = 32;
    static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";

    private final AeadCipher aead;
    private final CipherState cipher;
    private byte[] ck;
    private byte[] h;

    SymmetricState(AeadCipher aead) {
        this.aead = aead;
        this.cipher = new CipherState(aead);
        byte[] name = PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII);
        // the name is exactly HASHLEN bytes, so h = name (padded with nothing)
        h = Arrays.copyOf(name, HASHLEN);
        ck = h.clone();
    }

    void mixHash(byte[] data, int off, int len) {
        MessageDigest d = Sha256.newDigest();
        d.update(h);
        d.update(data, off, len);
        h = d.digest();
    }

    void mixHash(byte[] data) {
        mixHash(data, 0, data.length);
    }

    void mixKey(byte[] ikm) {
        byte[][] out = hkdf(ck, ikm, 2);
        ck = out[0];
        cipher.initializeKey(out[1]);
    }

    /** Encrypts (or copies, before the first key) and mixes the ciphertext into h; returns bytes written. */
    int encryptAndHash(byte[] in, int inOff, int inLen, byte[] out, int outOff) throws NoiseException {
        int n = cipher.encryptWithAd(h, in, inOff, inLen, out, outOff);
        mixHash(out, outOff, n);
        return n;
    }

    /** Decrypts (or copies) and mixes the ciphertext into h; returns the plaintext. */
    byte[] decryptAndHash(byte[] in, int inOff, int inLen) throws NoiseException {
        byte[] out = new byte[cipher.hasKey() ? inLen - CipherState.TAG : inLen];
        if (cipher.hasKey() && inLen < CipherState.TAG) {
            throw new NoiseException("handshake ciphertext too short");
        }
        cipher.decryptWithAd(h, in, inOff, inLen, out, 0);
        mixHash(in, inOff, inLen);
        return out;
    }

    boolean hasKey() {
        return cipher.hasKey();
    }

    byte[] handshakeHash() {
        return h.clone();
    }

    /** Split(): the first CipherState is the initiator's sending direction. */
    CipherState[] split(AeadCipher first, AeadCipher second) {
        byte[][] keys = hkdf(ck, new byte[0], 2);
        CipherState c1 = new CipherState(first);
        CipherState c2 = new CipherState(second);
        c1.initializeKey(keys[0]);
        c2.initializeKey(keys[1]);
        Arrays.fill(keys[0], (byte) 0);
        Arrays.fill(keys[1], (byte) 0);
        Arrays.fill(ck, (byte) 0);
        cipher.destroy(true); // the handshake's own cipher instance
        return new CipherState[] {c1, c2};
    }

    void close() {
        cipher.destroy(true);
    }

    AeadCipher aead() {
        return aead;
    }

    static byte[][] hkdf(byte[] chainingKey, byte[] ikm, int outputs) {
        return Hkdf.derive(chainingKey, ikm, outputs);
    }
}
