package dev.ferry.identity;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * An RSA public key: DER-encoded PKIX (SubjectPublicKeyInfo), modulus of 2048 to 8192 bits (go-libp2p's bounds).
 * Signatures: RSASSA-PKCS1-v1_5 with SHA-256. Verification only.
 */
public final class RsaPublicKey implements PublicKey {
    public static final int MIN_BITS = 2048;
    public static final int MAX_BITS = 8192;

    private final byte[] der;
    private final RSAPublicKey key;

    private RsaPublicKey(byte[] der, RSAPublicKey key) {
        this.der = der;
        this.key = key;
    }

    /**
     * @throws KeyFormatException unless {@code der} is the canonical PKIX DER of an RSA key within the size bounds
     */
    public static RsaPublicKey of(byte[] der) {
        if (der == null || der.length > KeyProto.MAX_DATA) {
            throw new KeyFormatException("RSA public key missing or larger than " + KeyProto.MAX_DATA + " bytes");
        }
        RSAPublicKey k;
        try {
            k = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeyFormatException("not a DER PKIX RSA public key", e);
        }
        int bits = k.getModulus().bitLength();
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new KeyFormatException("RSA modulus of " + bits + " bits outside [" + MIN_BITS + ", " + MAX_BITS + "]");
        }
        // One key, one encoding: the peer ID hashes these bytes.
        if (!Arrays.equals(k.getEncoded(), der)) {
            throw new KeyFormatException("RSA public key is not in canonical DER");
        }
        return new RsaPublicKey(der.clone(), k);
    }

    /** Modulus size in bits. */
    public int bits() {
        return key.getModulus().bitLength();
    }

    @Override
    public KeyType type() {
        return KeyType.RSA;
    }

    @Override
    public byte[] raw() {
        return der.clone();
    }

    @Override
    public byte[] marshal() {
        return KeyProto.encode(KeyType.RSA, der);
    }

    @Override
    public boolean verify(byte[] data, byte[] signature) {
        if (data == null || signature == null || signature.length > MAX_BITS / 8) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RsaPublicKey k && Arrays.equals(der, k.der);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(der);
    }

    @Override
    public String toString() {
        return "RsaPublicKey[" + bits() + " bits]";
    }
}
