package dev.ferry.net.security.tls;

import static dev.ferry.net.security.tls.TlsTestSupport.RANDOM;
import static dev.ferry.net.security.tls.TlsTestSupport.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.Identity;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CertificateVerifierTest {
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "secp256k1", "ecdsa", "rsa"})
    void aGeneratedCertificateProvesItsHostKey(String type) throws Exception {
        Identity id = identity(type);
        TlsCertificate c = TlsCertificate.generate(id, RANDOM, NOW);
        assertThat(CertificateVerifier.verify(new X509Certificate[] {c.certificate()}, NOW))
                .isEqualTo(id.publicKey());
        // as a peer reads it off the wire
        X509Certificate parsed = TlsCertificate.parse(c.certificate().getEncoded());
        assertThat(CertificateVerifier.verify(new X509Certificate[] {parsed}, NOW.plus(Duration.ofDays(365 * 99))))
                .isEqualTo(id.publicKey());
    }

    @Test
    void certificateLayoutIsWhatPeersExpect() throws Exception {
        X509Certificate c = TlsCertificate.generate(identity("ed25519"), RANDOM, NOW).certificate();
        assertThat(c.getVersion()).isEqualTo(3);
        assertThat(c.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(c.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(c.getCriticalExtensionOIDs()).containsExactly(SignedKey.EXTENSION_OID);
        assertThat(c.getNotBefore().toInstant()).isEqualTo(NOW.minus(TlsCertificate.BACKDATE));
        assertThat(c.getNotAfter().toInstant()).isEqualTo(NOW.plus(TlsCertificate.LIFETIME));
        assertThat(c.getSubjectX500Principal()).isEqualTo(c.getIssuerX500Principal());
        assertThat(CertificateVerifier.subjectPublicKeyInfo(c)).isEqualTo(c.getPublicKey().getEncoded());
    }

    @Test
    void aSignatureByAnotherHostKeyIsRefused() throws Exception {
        Identity claimed = identity("ed25519");
        Identity signer = identity("ed25519");
        KeyPair pair = TlsCertificate.ephemeralKey(RANDOM);
        byte[] sig = signer.sign(SignedKey.signedData(pair.getPublic().getEncoded()));
        X509Certificate c = TlsCertificate.build(pair, new SignedKey(claimed.publicKey().marshal(), sig).encode(),
                NOW.minusSeconds(60), NOW.plusSeconds(3600), RANDOM).certificate();
        assertThatThrownBy(() -> CertificateVerifier.verify(new X509Certificate[] {c}, NOW))
                .isInstanceOf(TlsException.class).hasMessageContaining("host key signature");
    }

    @Test
    void aSignatureOverAnotherCertificateKeyIsRefused() throws Exception {
        Identity id = identity("ed25519");
        KeyPair pair = TlsCertificate.ephemeralKey(RANDOM);
        KeyPair other = TlsCertificate.ephemeralKey(RANDOM);
        byte[] sig = id.sign(SignedKey.signedData(other.getPublic().getEncoded()));
        X509Certificate c = TlsCertificate.build(pair, new SignedKey(id.publicKey().marshal(), sig).encode(),
                NOW.minusSeconds(60), NOW.plusSeconds(3600), RANDOM).certificate();
        assertThatThrownBy(() -> CertificateVerifier.verify(new X509Certificate[] {c}, NOW))
                .isInstanceOf(TlsException.class).hasMessageContaining("host key signature");
    }

    @Test
    void aCertificateWithoutTheExtensionIsRefused() {
        X509Certificate c = TlsCertificate.build(TlsCertificate.ephemeralKey(RANDOM), null, NOW.minusSeconds(60),
                NOW.plusSeconds(3600), RANDOM).certificate();
        assertThatThrownBy(() -> CertificateVerifier.verify(new X509Certificate[] {c}, NOW))
                .isInstanceOf(TlsException.class).hasMessageContaining("lacks the libp2p public key extension");
    }

    @Test
    void expiredAndNotYetValidCertificatesAreRefused() throws Exception {
        X509Certificate c = TlsCertificate.generate(identity("ed25519"), RANDOM, NOW).certificate();
        assertThatThrownBy(() -> CertificateVerifier.verify(new X509Certificate[] {c},
                NOW.plus(TlsCertificate.LIFETIME).plusSeconds(1)))
                .isInstanceOf(TlsException.class).hasMessageContaining("expired");
        assertThatThrownBy(() -> CertificateVerifier.verify(new X509Certificate[] {c},
                NOW.minus(TlsCertificate.BACKDATE).minusSeconds(1)))
                .isInstanceOf(TlsException.class).hasMessageContaining("not valid before");
    }

    @Test
    void exactlyOneCertificateIsWanted() throws Exception {
        X509Certificate a = TlsCertificate.generate(identity("ed25519"), RANDOM, NOW).certificate();
        X509Certificate b = TlsCertificate.generate(identity("ed25519"), RANDOM, NOW).certificate();
        assertThatThrownBy(() -> CertificateVerifier.verify(new X509Certificate[] {a, b}, NOW))
                .isInstanceOf(TlsException.class).hasMessageContaining("sent 2 certificates");
        assertThatThrownBy(() -> CertificateVerifier.verify(new X509Certificate[0], NOW))
                .isInstanceOf(TlsException.class).hasMessageContaining("sent 0 certificates");
    }

    @Test
    void aTamperedSelfSignatureIsRefused() throws Exception {
        byte[] der = TlsCertificate.generate(identity("ed25519"), RANDOM, NOW).certificate().getEncoded();
        der[der.length - 5] ^= 1; // inside the ECDSA signature's s
        X509Certificate c = TlsCertificate.parse(der);
        assertThatThrownBy(() -> CertificateVerifier.verify(new X509Certificate[] {c}, NOW))
                .isInstanceOf(TlsException.class).hasMessageContaining("not signed by its own key");
    }

    @Test
    void aMalformedExtensionIsADerError() {
        X509Certificate c = TlsCertificate.build(TlsCertificate.ephemeralKey(RANDOM), new byte[] {0x30, 0x03, 1, 2},
                NOW.minusSeconds(60), NOW.plusSeconds(3600), RANDOM).certificate();
        assertThatThrownBy(() -> CertificateVerifier.verify(new X509Certificate[] {c}, NOW))
                .isInstanceOf(DerException.class);
    }

    @Test
    void bitStringsAsTheSpecWritesThemAreReadToo() throws Exception {
        Identity id = identity("ed25519");
        KeyPair pair = TlsCertificate.ephemeralKey(RANDOM);
        byte[] sig = id.sign(SignedKey.signedData(pair.getPublic().getEncoded()));
        byte[] ext = DerWriter.sequence(DerWriter.bitString(id.publicKey().marshal()), DerWriter.bitString(sig));
        X509Certificate c = TlsCertificate.build(pair, ext, NOW.minusSeconds(60), NOW.plusSeconds(3600), RANDOM)
                .certificate();
        assertThat(CertificateVerifier.verify(new X509Certificate[] {c}, NOW)).isEqualTo(id.publicKey());
    }
}
