package dev.ferry.identity;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;

/** secp256k1 domain parameters and the DER form of ECDSA signatures (BouncyCastle low-level API). */
final class Secp256k1Curve {
    static final X9ECParameters PARAMS = SECNamedCurves.getByName("secp256k1");
    static final ECDomainParameters DOMAIN =
            new ECDomainParameters(PARAMS.getCurve(), PARAMS.getG(), PARAMS.getN(), PARAMS.getH());
    static final BigInteger N = PARAMS.getN();
    static final BigInteger HALF_N = N.shiftRight(1);
    /** SEQUENCE of two INTEGERs of at most 33 bytes each. */
    static final int MAX_DER_SIGNATURE = 72;

    private Secp256k1Curve() {}

    /** {@code SEQUENCE { INTEGER r, INTEGER s }} in DER. */
    static byte[] encodeDer(BigInteger r, BigInteger s) {
        try {
            return new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {new ASN1Integer(r), new ASN1Integer(s)})
                    .getEncoded("DER");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code [r, s]} from a canonical DER signature with {@code 1 ≤ r, s < n}, or {@code null} if it is not one.
     */
    static BigInteger[] decodeDer(byte[] sig) {
        if (sig == null || sig.length < 8 || sig.length > MAX_DER_SIGNATURE) {
            return null;
        }
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(sig);
            if (!(p instanceof ASN1Sequence seq) || seq.size() != 2
                    || !(seq.getObjectAt(0) instanceof ASN1Integer ri) || !(seq.getObjectAt(1) instanceof ASN1Integer si)) {
                return null;
            }
            BigInteger r = ri.getValue();
            BigInteger s = si.getValue();
            if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(N) >= 0 || s.compareTo(N) >= 0) {
                return null;
            }
            // Only the canonical (DER) encoding of (r, s): no BER lengths, no padding.
            return Arrays.equals(encodeDer(r, s), sig) ? new BigInteger[] {r, s} : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
