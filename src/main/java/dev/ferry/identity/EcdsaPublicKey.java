package dev.ferry.identity;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.List;

/**
 * An ECDSA public key: DER-encoded PKIX on NIST P-256, P-384 or P-521 (named curve, uncompressed point).
 * Signatures: ECDSA over SHA-256 (whatever the curve, as go-libp2p does), DER. Verification only.
 */
public final class EcdsaPublicKey implements PublicKey {
    private static final int MAX_DER = 256;
    private static final List<Curve> CURVES = List.of(curve("secp256r1", "P-256"), curve("secp384r1", "P-384"),
            curve("secp521r1", "P-521"));

    private record Curve(String name, ECParameterSpec spec) {}

    private final byte[] der;
    private final ECPublicKey key;
    private final String curveName;

    private EcdsaPublicKey(byte[] der, ECPublicKey key, String curveName) {
        this.der = der;
        this.key = key;
        this.curveName = curveName;
    }

    /**
     * @throws KeyFormatException unless {@code der} is the canonical PKIX DER of a key on a supported curve
     */
    public static EcdsaPublicKey of(byte[] der) {
        if (der == null || der.length > MAX_DER) {
            throw new KeyFormatException("ECDSA public key missing or larger than " + MAX_DER + " bytes");
        }
        ECPublicKey k;
        try {
            k = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeyFormatException("not a DER PKIX EC public key", e);
        }
        String name = null;
        for (Curve c : CURVES) {
            ECParameterSpec p = k.getParams();
            if (p.getCurve().equals(c.spec().getCurve()) && p.getOrder().equals(c.spec().getOrder())
                    && p.getGenerator().equals(c.spec().getGenerator())) {
                name = c.name();
            }
        }
        if (name == null) {
            throw new KeyFormatException("ECDSA key on an unsupported curve");
        }
        if (!Arrays.equals(k.getEncoded(), der)) {
            throw new KeyFormatException("ECDSA public key is not in canonical DER");
        }
        return new EcdsaPublicKey(der.clone(), k, name);
    }

    /** {@code P-256}, {@code P-384} or {@code P-521}. */
    public String curve() {
        return curveName;
    }

    @Override
    public KeyType type() {
        return KeyType.ECDSA;
    }

    @Override
    public byte[] raw() {
        return der.clone();
    }

    @Override
    public byte[] marshal() {
        return KeyProto.encode(KeyType.ECDSA, der);
    }

    @Override
    public boolean verify(byte[] data, byte[] signature) {
        if (data == null || signature == null || signature.length > 160) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EcdsaPublicKey k && Arrays.equals(der, k.der);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(der);
    }

    @Override
    public String toString() {
        return "EcdsaPublicKey[" + curveName + "]";
    }

    private static Curve curve(String stdName, String name) {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec(stdName));
            return new Curve(name, p.getParameterSpec(ECParameterSpec.class));
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
