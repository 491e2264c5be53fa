package dev.ferry.identity;

import dev.ferry.crypto.Sha256;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/** A secp256k1 public key: the 33-byte compressed point. Signatures: ECDSA over SHA-256, DER. */
public final class Secp256k1PublicKey implements PublicKey {
    public static final int LENGTH = 33;

    private final byte[] raw;
    private final ECPoint point;

    private Secp256k1PublicKey(byte[] raw, ECPoint point) {
        this.raw = raw;
        this.point = point;
    }

    /**
     * @throws KeyFormatException unless {@code raw} is a compressed point on the curve
     */
    public static Secp256k1PublicKey of(byte[] raw) {
        if (raw == null || raw.length != LENGTH || (raw[0] != 2 && raw[0] != 3)) {
            throw new KeyFormatException("secp256k1 public key must be a 33-byte compressed point");
        }
        ECPoint p;
        try {
            p = Secp256k1Curve.PARAMS.getCurve().decodePoint(raw).normalize();
        } catch (RuntimeException e) {
            throw new KeyFormatException("secp256k1 public key is not a point on the curve", e);
        }
        if (p.isInfinity() || !p.isValid()) {
            throw new KeyFormatException("secp256k1 public key is not a valid point");
        }
        return new Secp256k1PublicKey(raw.clone(), p);
    }

    static Secp256k1PublicKey of(ECPoint p) {
        return new Secp256k1PublicKey(p.getEncoded(true), p.normalize());
    }

    @Override
    public KeyType type() {
        return KeyType.SECP256K1;
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    @Override
    public byte[] marshal() {
        return KeyProto.encode(KeyType.SECP256K1, raw);
    }

    @Override
    public boolean verify(byte[] data, byte[] signature) {
        if (data == null) {
            return false;
        }
        BigInteger[] rs = Secp256k1Curve.decodeDer(signature);
        if (rs == null) {
            return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(point, Secp256k1Curve.DOMAIN));
        return verifier.verifySignature(Sha256.hash(data), rs[0], rs[1]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secp256k1PublicKey k && Arrays.equals(raw, k.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "Secp256k1PublicKey[" + HexFormat.of().formatHex(raw) + "]";
    }
}
