package dev.ferry.net.security.tls;

import dev.ferry.identity.Identity;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A host's self-signed libp2p TLS certificate and the key it was made with: an ephemeral ECDSA P-256 key (unrelated to
 * the host key, as the spec asks) that signs the certificate, which carries the host key and its signature over the
 * certificate key in the libp2p extension. Valid from an hour ago (clock skew) for a hundred years, as go-libp2p's
 * and js-libp2p's are.
 */
record TlsCertificate(X509Certificate certificate, PrivateKey key) {
    static final Duration BACKDATE = Duration.ofHours(1);
    static final Duration LIFETIME = Duration.ofDays(36_500);
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String SERIAL_NUMBER_ATTRIBUTE = "2.5.4.5";

    static TlsCertificate generate(Identity identity, SecureRandom random, Instant now) {
        KeyPair pair = ephemeralKey(random);
        byte[] spki = pair.getPublic().getEncoded();
        SignedKey ext = new SignedKey(identity.publicKey().marshal(), identity.sign(SignedKey.signedData(spki)));
        return build(pair, ext.encode(), now.minus(BACKDATE), now.plus(LIFETIME), random);
    }

    static KeyPair ephemeralKey(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks ECDSA P-256", e);
        }
    }

    /**
     * A certificate for {@code pair} with this libp2p extension value (none when null), signed by {@code pair}.
     * Package-private so tests can make certificates the verifier must refuse.
     */
    static TlsCertificate build(KeyPair pair, byte[] extensionValue, Instant notBefore, Instant notAfter,
            SecureRandom random) {
        return build(pair, extensionValue, notBefore, notAfter, random, false);
    }

    /** As above; with {@code emptyNames} the issuer and subject are empty, as js-libp2p and rust-libp2p write them. */
    static TlsCertificate build(KeyPair pair, byte[] extensionValue, Instant notBefore, Instant notAfter,
            SecureRandom random, boolean emptyNames) {
        BigInteger serial = new BigInteger(63, random).add(BigInteger.ONE);
        byte[] name = emptyNames ? DerWriter.sequence() : DerWriter.sequence(DerWriter.set(DerWriter.sequence(
                DerWriter.oid(SERIAL_NUMBER_ATTRIBUTE), DerWriter.printableString(serial.toString()))));
        byte[] algorithm = DerWriter.sequence(DerWriter.oid(ECDSA_WITH_SHA256));
        byte[] validity = DerWriter.sequence(DerWriter.time(notBefore.truncatedTo(ChronoUnit.SECONDS)),
                DerWriter.time(notAfter.truncatedTo(ChronoUnit.SECONDS)));
        byte[] extensions = extensionValue == null ? new byte[0]
                : DerWriter.explicit(3, DerWriter.sequence(DerWriter.sequence(
                        DerWriter.oid(SignedKey.EXTENSION_OID), DerWriter.bool(true),
                        DerWriter.octetString(extensionValue))));
        byte[] tbs = DerWriter.sequence(DerWriter.explicit(0, DerWriter.integer(BigInteger.TWO)),
                DerWriter.integer(serial), algorithm, name, validity, name, pair.getPublic().getEncoded(), extensions);
        byte[] der;
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(pair.getPrivate(), random);
            s.update(tbs);
            der = DerWriter.sequence(tbs, algorithm, DerWriter.bitString(s.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a certificate with ECDSA P-256", e);
        }
        try {
            return new TlsCertificate(parse(der), pair.getPrivate());
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException("the JDK cannot read the certificate just made", e);
        }
    }

    static X509Certificate parse(byte[] der) throws java.security.cert.CertificateException {
        EmptyIssuerCertificates.install();
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }
}
