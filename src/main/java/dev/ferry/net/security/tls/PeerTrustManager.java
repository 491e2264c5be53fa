package dev.ferry.net.security.tls;

import dev.ferry.identity.PeerId;
import dev.ferry.identity.PublicKey;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly the certificates {@link CertificateVerifier} accepts, for both clients and servers, and, when a
 * handshake expects a peer, only that peer's. Each engine's handshake registers its {@link HandshakeCheck} first, so
 * a refusal is known precisely (the engine itself only reports a bad certificate).
 */
final class PeerTrustManager extends X509ExtendedTrustManager {
    private final InstantSource clock;
    private final Map<SSLEngine, HandshakeCheck> checks = new ConcurrentHashMap<>();

    PeerTrustManager(InstantSource clock) {
        this.clock = clock;
    }

    HandshakeCheck register(SSLEngine engine, PeerId expected) {
        HandshakeCheck c = new HandshakeCheck(expected);
        checks.put(engine, c);
        return c;
    }

    void unregister(SSLEngine engine) {
        checks.remove(engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, engine);
    }

    private void check(X509Certificate[] chain, SSLEngine engine) throws CertificateException {
        HandshakeCheck c = checks.get(engine);
        if (c == null) {
            throw new CertificateException("no libp2p handshake registered for this engine");
        }
        try {
            PublicKey key = CertificateVerifier.verify(chain, clock.instant());
            PeerId peer = PeerId.fromPublicKey(key);
            if (c.expected() != null && !c.expected().equals(peer)) {
                throw new TlsPeerIdMismatchException(c.expected(), peer);
            }
            c.verified(key);
        } catch (TlsException e) {
            c.failed(e);
            throw new CertificateException(e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("libp2p TLS runs on SSLEngine only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("libp2p TLS runs on SSLEngine only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("libp2p TLS runs on SSLEngine only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("libp2p TLS runs on SSLEngine only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0]; // self-signed certificates: no authority to name
    }
}
