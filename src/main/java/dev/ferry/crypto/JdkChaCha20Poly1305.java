package dev.ferry.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** The JDK's {@code ChaCha20-Poly1305} cipher behind {@link AeadCipher}. Not thread-safe. */
final class JdkChaCha20Poly1305 implements AeadCipher {
    private final Cipher cipher;
    // The JDK refuses to initialise with the key and nonce of its previous initialisation (a guard against nonce
    // reuse in encryption). AeadCipher is a pure function of its arguments, so remember them and step around it.
    private byte[] lastKey;
    private byte[] lastNonce;
    private boolean closed;

    JdkChaCha20Poly1305() {
        try {
            cipher = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new CryptoException("ChaCha20-Poly1305 unavailable in this JDK", e);
        }
    }

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public int seal(byte[] key, byte[] nonce, byte[] ad, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        ensureOpen();
        AeadArgs.checkKey(key);
        AeadArgs.checkNonce(nonce);
        AeadArgs.checkSeal(in, inOff, inLen, out, outOff);
        try {
            if (lastKey != null && MessageDigest.isEqual(lastKey, key) && Arrays.equals(lastNonce, nonce)) {
                byte[] other = nonce.clone();
                other[0] ^= 1;
                init(Cipher.DECRYPT_MODE, key, other);
            }
            init(Cipher.ENCRYPT_MODE, key, nonce);
            if (ad != null && ad.length > 0) {
                cipher.updateAAD(ad);
            }
            return cipher.doFinal(in, inOff, inLen, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("ChaCha20-Poly1305 encryption failed", e);
        }
    }

    @Override
    public int open(byte[] key, byte[] nonce, byte[] ad, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        ensureOpen();
        AeadArgs.checkKey(key);
        AeadArgs.checkNonce(nonce);
        AeadArgs.checkOpen(in, inOff, inLen, out, outOff);
        try {
            init(Cipher.DECRYPT_MODE, key, nonce);
            if (ad != null && ad.length > 0) {
                cipher.updateAAD(ad);
            }
            return cipher.doFinal(in, inOff, inLen, out, outOff);
        } catch (AEADBadTagException e) {
            throw new AeadException("ChaCha20-Poly1305 tag mismatch", e);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("ChaCha20-Poly1305 decryption failed", e);
        }
    }

    private void init(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
        cipher.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        lastKey = key.clone();
        lastNonce = nonce.clone();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("cipher closed");
        }
    }

    @Override
    public void close() {
        closed = true;
        if (lastKey != null) {
            Arrays.fill(lastKey, (byte) 0);
        }
    }
}
