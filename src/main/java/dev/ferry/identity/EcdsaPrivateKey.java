package dev.ferry.identity;

import java.io.IOException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * An ECDSA private key: SEC1 {@code ECPrivateKey} in DER with the named-curve parameters (as go-libp2p stores it),
 * on P-256, P-384 or P-521. Signs SHA-256 digests, DER signatures. An embedded public key must match the scalar.
 */
public final class EcdsaPrivateKey implements PrivateKey {
    private static final Map<String, String> CURVES = Map.of(
            "1.2.840.10045.3.1.7", "secp256r1", "1.3.132.0.34", "secp384r1", "1.3.132.0.35", "secp521r1");

    private final byte[] der;
    private final ECPrivateKey key;
    private final EcdsaPublicKey publicKey;

    private EcdsaPrivateKey(byte[] der, ECPrivateKey key, EcdsaPublicKey publicKey) {
        this.der = der;
        this.key = key;
        this.publicKey = publicKey;
    }

    /**
     * @throws KeyFormatException unless {@code der} is canonical SEC1 DER of a key on a supported named curve
     */
    public static EcdsaPrivateKey of(byte[] der) {
        if (der == null || der.length > 512) {
            throw new KeyFormatException("ECDSA private key missing or too large");
        }
        org.bouncycastle.asn1.sec.ECPrivateKey k;
        try {
            k = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(ASN1Primitive.fromByteArray(der));
            if (k == null || !Arrays.equals(k.getEncoded("DER"), der)) {
                throw new KeyFormatException("ECDSA private key is not canonical SEC1 DER");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof KeyFormatException kfe) {
                throw kfe;
            }
            throw new KeyFormatException("not a SEC1 EC private key", e);
        }
        if (!(k.getParametersObject() instanceof ASN1ObjectIdentifier oid) || !CURVES.containsKey(oid.getId())) {
            throw new KeyFormatException("ECDSA private key must name P-256, P-384 or P-521");
        }
        X9ECParameters x9 = NISTNamedCurves.getByOID(oid);
        BigInteger d = k.getKey();
        if (d.signum() <= 0 || d.compareTo(x9.getN()) >= 0) {
            throw new KeyFormatException("ECDSA private scalar out of range");
        }
        ECPoint q = x9.getG().multiply(d).normalize();
        ASN1BitString embedded = k.getPublicKey();
        if (embedded != null && !Arrays.equals(embedded.getOctets(), q.getEncoded(false))) {
            throw new KeyFormatException("ECDSA private key: embedded public key does not match the scalar");
        }
        try {
            AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
            ap.init(new ECGenParameterSpec(CURVES.get(oid.getId())));
            ECParameterSpec spec = ap.getParameterSpec(ECParameterSpec.class);
            KeyFactory kf = KeyFactory.getInstance("EC");
            ECPrivateKey priv = (ECPrivateKey) kf.generatePrivate(new ECPrivateKeySpec(d, spec));
            java.security.spec.ECPoint w = new java.security.spec.ECPoint(q.getAffineXCoord().toBigInteger(),
                    q.getAffineYCoord().toBigInteger());
            byte[] pub = kf.generatePublic(new ECPublicKeySpec(w, spec)).getEncoded();
            return new EcdsaPrivateKey(der.clone(), priv, EcdsaPublicKey.of(pub));
        } catch (GeneralSecurityException | RuntimeException e) {
            if (e instanceof KeyFormatException kfe) {
                throw kfe;
            }
            throw new KeyFormatException("unusable ECDSA private key", e);
        }
    }

    @Override
    public KeyType type() {
        return KeyType.ECDSA;
    }

    @Override
    public EcdsaPublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA signing failed", e);
        }
    }

    @Override
    public byte[] marshal() {
        return KeyProto.encode(KeyType.ECDSA, der);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EcdsaPrivateKey k && java.security.MessageDigest.isEqual(der, k.der);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    @Override
    public String toString() {
        return "EcdsaPrivateKey[public=" + publicKey + "]";
    }
}
