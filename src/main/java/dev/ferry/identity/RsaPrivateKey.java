package dev.ferry.identity;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Primitive;

/**
 * An RSA private key: PKCS#1 {@code RSAPrivateKey} in DER (as go-libp2p stores it), for nodes whose identity predates
 * Ed25519. Signs with RSASSA-PKCS1-v1_5 over SHA-256. The same modulus bounds as {@link RsaPublicKey}.
 */
public final class RsaPrivateKey implements PrivateKey {
    private final byte[] der;
    private final RSAPrivateCrtKey key;
    private final RsaPublicKey publicKey;

    private RsaPrivateKey(byte[] der, RSAPrivateCrtKey key, RsaPublicKey publicKey) {
        this.der = der;
        this.key = key;
        this.publicKey = publicKey;
    }

    /**
     * @throws KeyFormatException unless {@code der} is the canonical DER of a consistent two-prime PKCS#1 key within
     *     the size bounds
     */
    public static RsaPrivateKey of(byte[] der) {
        if (der == null || der.length > KeyProto.MAX_DATA) {
            throw new KeyFormatException("RSA private key missing or larger than " + KeyProto.MAX_DATA + " bytes");
        }
        org.bouncycastle.asn1.pkcs.RSAPrivateKey k;
        try {
            k = org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(ASN1Primitive.fromByteArray(der));
            if (k == null || !Arrays.equals(k.getEncoded("DER"), der)) {
                throw new KeyFormatException("RSA private key is not canonical PKCS#1 DER");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof KeyFormatException kfe) {
                throw kfe;
            }
            throw new KeyFormatException("not a PKCS#1 RSA private key", e);
        }
        BigInteger n = k.getModulus();
        int bits = n.bitLength();
        if (bits < RsaPublicKey.MIN_BITS || bits > RsaPublicKey.MAX_BITS) {
            throw new KeyFormatException("RSA modulus of " + bits + " bits outside the supported range");
        }
        // Consistency: n = p·q and d·e ≡ 1 (mod λ) hold for any key worth loading; check the cheap one.
        if (!k.getPrime1().multiply(k.getPrime2()).equals(n)) {
            throw new KeyFormatException("RSA private key is inconsistent (n ≠ p·q)");
        }
        try {
            KeyFactory kf = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey priv = (RSAPrivateCrtKey) kf.generatePrivate(new RSAPrivateCrtKeySpec(n,
                    k.getPublicExponent(), k.getPrivateExponent(), k.getPrime1(), k.getPrime2(), k.getExponent1(),
                    k.getExponent2(), k.getCoefficient()));
            byte[] pub = kf.generatePublic(new RSAPublicKeySpec(n, k.getPublicExponent())).getEncoded();
            return new RsaPrivateKey(der.clone(), priv, RsaPublicKey.of(pub));
        } catch (GeneralSecurityException | RuntimeException e) {
            if (e instanceof KeyFormatException kfe) {
                throw kfe;
            }
            throw new KeyFormatException("unusable RSA private key", e);
        }
    }

    @Override
    public KeyType type() {
        return KeyType.RSA;
    }

    @Override
    public RsaPublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA signing failed", e);
        }
    }

    @Override
    public byte[] marshal() {
        return KeyProto.encode(KeyType.RSA, der);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RsaPrivateKey k && java.security.MessageDigest.isEqual(der, k.der);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    @Override
    public String toString() {
        return "RsaPrivateKey[public=" + publicKey + "]";
    }
}
