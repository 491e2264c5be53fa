package dev.ferry.net.security.tls;

import dev.ferry.identity.KeyFormatException;
import dev.ferry.identity.PublicKey;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;

/**
 * Checks a peer's certificate chain as the libp2p TLS spec requires and returns the host key it proves: exactly one
 * certificate, valid now, signed by its own key, carrying the libp2p extension whose host key signature over the
 * certificate's SubjectPublicKeyInfo verifies. Other extensions, critical or not, are ignored.
 */
final class CertificateVerifier {
    private CertificateVerifier() {}

    static PublicKey verify(X509Certificate[] chain, Instant now) throws TlsException {
        if (chain == null || chain.length != 1) {
            throw new TlsException("the peer sent " + (chain == null ? 0 : chain.length)
                    + " certificates; libp2p TLS wants exactly one");
        }
        X509Certificate cert = chain[0];
        try {
            cert.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new TlsException("the peer's certificate expired at " + cert.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new TlsException("the peer's certificate is not valid before " + cert.getNotBefore().toInstant());
        }
        try {
            cert.verify(cert.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new TlsException("the peer's certificate is not signed by its own key: " + e.getMessage(), e);
        }
        byte[] wrapped = cert.getExtensionValue(SignedKey.EXTENSION_OID);
        if (wrapped == null) {
            throw new TlsException("the peer's certificate lacks the libp2p public key extension "
                    + SignedKey.EXTENSION_OID);
        }
        DerReader octets = new DerReader(wrapped);
        SignedKey signed = SignedKey.decode(octets.octetString());
        octets.end();
        PublicKey hostKey;
        try {
            hostKey = PublicKey.unmarshal(signed.publicKey());
        } catch (KeyFormatException e) {
            throw new TlsException("the host key in the peer's certificate is malformed: " + e.getMessage(), e);
        }
        boolean ok;
        try {
            ok = hostKey.verify(SignedKey.signedData(subjectPublicKeyInfo(cert)), signed.signature());
        } catch (RuntimeException e) {
            ok = false;
        }
        if (!ok) {
            throw new TlsException("the host key signature in the peer's certificate does not verify");
        }
        return hostKey;
    }

    /** The SubjectPublicKeyInfo exactly as the certificate encodes it (not as the JDK would re-encode the key). */
    static byte[] subjectPublicKeyInfo(X509Certificate cert) throws TlsException {
        byte[] der;
        try {
            der = cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new TlsException("cannot encode the peer's certificate", e);
        }
        DerReader tbs = new DerReader(der).sequence().sequence();
        if (tbs.peekTag() == 0xa0) {
            tbs.next(); // version
        }
        tbs.next(DerReader.INTEGER); // serial number
        tbs.next(DerReader.SEQUENCE); // signature algorithm
        tbs.next(DerReader.SEQUENCE); // issuer
        tbs.next(DerReader.SEQUENCE); // validity
        tbs.next(DerReader.SEQUENCE); // subject
        return tbs.next(DerReader.SEQUENCE).encoded();
    }
}
