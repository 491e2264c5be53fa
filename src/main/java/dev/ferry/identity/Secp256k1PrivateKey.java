package dev.ferry.identity;

import dev.ferry.crypto.Sha256;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/** A secp256k1 private key: the 32-byte big-endian scalar in [1, n-1]. Deterministic (RFC 6979), low-S signatures. */
public final class Secp256k1PrivateKey implements PrivateKey {
    private final BigInteger d;
    private final Secp256k1PublicKey publicKey;

    private Secp256k1PrivateKey(BigInteger d) {
        this.d = d;
        this.publicKey = Secp256k1PublicKey.of(Secp256k1Curve.DOMAIN.getG().multiply(d).normalize());
    }

    public static Secp256k1PrivateKey generate(SecureRandom random) {
        while (true) {
            byte[] b = new byte[32];
            random.nextBytes(b);
            BigInteger d = new BigInteger(1, b);
            if (d.signum() > 0 && d.compareTo(Secp256k1Curve.N) < 0) {
                return new Secp256k1PrivateKey(d);
            }
        }
    }

    /**
     * @throws KeyFormatException unless {@code raw} is 32 bytes encoding a scalar in [1, n-1]
     */
    public static Secp256k1PrivateKey of(byte[] raw) {
        if (raw == null || raw.length != 32) {
            throw new KeyFormatException("secp256k1 private key must be 32 bytes");
        }
        BigInteger d = new BigInteger(1, raw);
        if (d.signum() == 0 || d.compareTo(Secp256k1Curve.N) >= 0) {
            throw new KeyFormatException("secp256k1 private key out of range");
        }
        return new Secp256k1PrivateKey(d);
    }

    @Override
    public KeyType type() {
        return KeyType.SECP256K1;
    }

    @Override
    public Secp256k1PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] data) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(d, Secp256k1Curve.DOMAIN));
        BigInteger[] rs = signer.generateSignature(Sha256.hash(data));
        BigInteger s = rs[1];
        if (s.compareTo(Secp256k1Curve.HALF_N) > 0) {
            s = Secp256k1Curve.N.subtract(s); // low-S, as Bitcoin (BIP 62) and go-libp2p produce
        }
        return Secp256k1Curve.encodeDer(rs[0], s);
    }

    @Override
    public byte[] marshal() {
        return KeyProto.encode(KeyType.SECP256K1, scalarBytes());
    }

    private byte[] scalarBytes() {
        byte[] be = d.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(be.length, 32);
        System.arraycopy(be, be.length - n, out, 32 - n, n);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secp256k1PrivateKey k && d.equals(k.d);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    @Override
    public String toString() {
        return "Secp256k1PrivateKey[public=" + publicKey + "]";
    }
}
