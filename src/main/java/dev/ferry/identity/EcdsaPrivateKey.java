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
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
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

    /**
     * Reads an unencrypted PKCS#8 {@code PrivateKeyInfo} of an EC key, as OpenSSL and Go's x509 write it. The JDK
     * reads the structure; the key is kept as go-libp2p keeps it (SEC1 naming the curve, public key embedded).
     *
     * @throws KeyFormatException for a curve other than P-256, P-384 or P-521 (secp256k1 included, which Go's x509,
     *     and so Kubo, refuse in PKCS#8 too), or a malformed or inconsistent key
     */
    static EcdsaPrivateKey fromPkcs8(PrivateKeyInfo info, byte[] pkcs8) {
        if (!(info.getPrivateKeyAlgorithm().getParameters() instanceof ASN1ObjectIdentifier oid)
                || !CURVES.containsKey(oid.getId())) {
            throw new KeyFormatException("x509: failed to parse EC private key embedded in PKCS#8: "
                    + "x509: unknown elliptic curve (ECDSA keys are read on P-256, P-384 and P-521)");
        }
        BigInteger d;
        try {
            d = ((ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8))).getS();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeyFormatException("x509: failed to parse EC private key embedded in PKCS#8: " + e.getMessage(),
                    e);
        }
        ASN1BitString embedded;
        try {
            embedded = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey()).getPublicKey();
        } catch (IOException | RuntimeException e) {
            throw new KeyFormatException("x509: failed to parse EC private key embedded in PKCS#8", e);
        }
        X9ECParameters x9 = NISTNamedCurves.getByOID(oid);
        if (d.signum() <= 0 || d.compareTo(x9.getN()) >= 0) {
            throw new KeyFormatException("ECDSA private scalar out of range");
        }
        byte[] q = x9.getG().multiply(d).normalize().getEncoded(false);
        if (embedded != null && !Arrays.equals(embedded.getOctets(), q)) {
            throw new KeyFormatException("ECDSA private key: embedded public key does not match the scalar");
        }
        try {
            return of(new org.bouncycastle.asn1.sec.ECPrivateKey(x9.getN().bitLength(), d, new DERBitString(q), oid)
                    .getEncoded("DER"));
        } catch (IOException e) {
            throw new KeyFormatException("encoding the ECDSA key: " + e.getMessage(), e);
        }
    }

    /**
     * The key as unencrypted PKCS#8, laid out as Go's {@code x509.MarshalPKCS8PrivateKey} does (so as Kubo exports
     * it): the curve named in the algorithm identifier, the SEC1 key inside without it but with the public key.
     */
    byte[] pkcs8() {
        try {
            var sec1 = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(der);
            ASN1ObjectIdentifier oid = (ASN1ObjectIdentifier) sec1.getParametersObject();
            X9ECParameters x9 = NISTNamedCurves.getByOID(oid);
            BigInteger d = sec1.getKey();
            var inner = new org.bouncycastle.asn1.sec.ECPrivateKey(x9.getN().bitLength(), d,
                    new DERBitString(x9.getG().multiply(d).normalize().getEncoded(false)), null);
            return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, oid), inner)
                    .getEncoded("DER");
        } catch (IOException e) {
            throw new KeyFormatException("encoding the ECDSA key as PKCS#8: " + e.getMessage(), e);
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
