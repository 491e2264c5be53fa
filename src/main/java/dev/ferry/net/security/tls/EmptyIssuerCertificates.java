package dev.ferry.net.security.tls;

import java.io.IOException;
import java.io.InputStream;
import java.security.NoSuchProviderException;
import java.security.Provider;
import java.security.Security;
import java.security.cert.CRL;
import java.security.cert.CRLException;
import java.security.cert.CertPath;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateFactorySpi;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Lets the JDK's TLS stack take certificates with an empty issuer name, which js-libp2p and rust-libp2p send: the
 * JDK's X.509 parser refuses them outright, and its TLS engine parses a peer's certificates with whichever
 * {@code CertificateFactory} comes first. {@link #install()} puts first a factory that hands every input to the JDK's
 * own parser and only a certificate the JDK refuses for that one reason to Bouncy Castle's (already a dependency).
 * Everything the JDK parsed before parses the same; certificates are still checked by whoever trusts them (for libp2p,
 * {@link CertificateVerifier}).
 */
final class EmptyIssuerCertificates {
    private static final String NAME = "FerryEmptyIssuerX509";
    private static final String REFUSAL = "Empty issuer DN not allowed";

    private EmptyIssuerCertificates() {}

    /** Installs the factory once per JVM (idempotent, thread-safe). */
    static synchronized void install() {
        if (Security.getProvider(NAME) == null) {
            Security.insertProviderAt(new LenientProvider(), 1);
        }
    }

    private static final class LenientProvider extends Provider {
        LenientProvider() {
            super(NAME, "1.0", "X.509 certificates with an empty issuer name, as libp2p peers send them");
            putService(new Service(this, "CertificateFactory", "X.509", Factory.class.getName(), List.of("X509"),
                    Map.of()) {
                @Override
                public Object newInstance(Object param) {
                    return new Factory();
                }
            });
        }
    }

    private static final class Factory extends CertificateFactorySpi {
        private final CertificateFactory jdk;

        Factory() {
            try {
                jdk = CertificateFactory.getInstance("X.509", "SUN");
            } catch (CertificateException | NoSuchProviderException e) {
                throw new IllegalStateException("the JDK's X.509 parser is missing", e);
            }
        }

        @Override
        public Certificate engineGenerateCertificate(InputStream in) throws CertificateException {
            if (!in.markSupported()) {
                return jdk.generateCertificate(in); // cannot re-read: the JDK's answer stands
            }
            in.mark(1 << 20);
            try {
                return jdk.generateCertificate(in);
            } catch (CertificateException e) {
                if (!refusedForEmptyIssuer(e)) {
                    throw e;
                }
                try {
                    in.reset();
                } catch (IOException io) {
                    throw e;
                }
                return new org.bouncycastle.jcajce.provider.asymmetric.x509.CertificateFactory()
                        .engineGenerateCertificate(in);
            }
        }

        private static boolean refusedForEmptyIssuer(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t.getMessage() != null && t.getMessage().contains(REFUSAL)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Collection<? extends Certificate> engineGenerateCertificates(InputStream in)
                throws CertificateException {
            return jdk.generateCertificates(in);
        }

        @Override
        public CRL engineGenerateCRL(InputStream in) throws CRLException {
            return jdk.generateCRL(in);
        }

        @Override
        public Collection<? extends CRL> engineGenerateCRLs(InputStream in) throws CRLException {
            return jdk.generateCRLs(in);
        }

        @Override
        public CertPath engineGenerateCertPath(InputStream in) throws CertificateException {
            return jdk.generateCertPath(in);
        }

        @Override
        public CertPath engineGenerateCertPath(InputStream in, String encoding) throws CertificateException {
            return jdk.generateCertPath(in, encoding);
        }

        @Override
        public CertPath engineGenerateCertPath(List<? extends Certificate> certificates)
                throws CertificateException {
            return jdk.generateCertPath(certificates);
        }

        @Override
        public Iterator<String> engineGetCertPathEncodings() {
            return jdk.getCertPathEncodings();
        }
    }
}
