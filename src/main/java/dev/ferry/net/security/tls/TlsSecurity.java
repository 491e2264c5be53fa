package dev.ferry.net.security.tls;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.identity.PublicKey;
import dev.ferry.net.security.SecurityProtocol;
import dev.ferry.net.transport.DuplexStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * The {@code /tls/1.0.0} binding (libp2p TLS): TLS 1.3 only, both sides authenticated by a self-signed certificate
 * that carries the host key ({@link TlsCertificate}), checked by {@link CertificateVerifier}. ALPN carries early muxer
 * negotiation: the client offers its muxers, then {@code "libp2p"}; the server picks the first offered muxer it
 * supports, else {@code "libp2p"} (then the muxer is negotiated with multistream as usual).
 *
 * <p>One instance per host: it holds the host's certificate, made once (the spec allows reusing it), and one
 * {@link SSLContext}. Thread-safe: any number of handshakes may run at once, each on the caller's thread. Resumed
 * sessions are never accepted, since they would skip the certificate check.
 */
public final class TlsSecurity implements SecurityProtocol {
    public static final String PROTOCOL_ID = "/tls/1.0.0";
    /** The ALPN protocol of libp2p TLS itself: no early muxer. */
    public static final String ALPN = "libp2p";

    /** TLS 1.3's suites, AES-128 first: the cheapest where AES has hardware support, as the JDK's AES-GCM does. */
    private static final String[] CIPHER_SUITES = {
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"};

    private final Identity identity;
    private final List<String> muxers;
    private final Duration handshakeTimeout;
    private final PeerTrustManager trust;
    private final SSLContext context;

    /**
     * @param muxers           the muxers offered for early negotiation, most preferred first (may be empty)
     * @param handshakeTimeout the whole handshake must finish within this time, else the raw stream is closed
     */
    public TlsSecurity(Identity identity, List<String> muxers, Duration handshakeTimeout, SecureRandom random,
            InstantSource clock) {
        this(identity, muxers, handshakeTimeout, random, clock,
                TlsCertificate.generate(identity, random, clock.instant()));
    }

    TlsSecurity(Identity identity, List<String> muxers, Duration handshakeTimeout, SecureRandom random,
            InstantSource clock, TlsCertificate certificate) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.muxers = List.copyOf(muxers);
        this.handshakeTimeout = Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        this.trust = new PeerTrustManager(clock);
        EmptyIssuerCertificates.install();
        try {
            this.context = SSLContext.getInstance("TLSv1.3");
            context.init(new KeyManager[] {new CertificateKeyManager(certificate)}, new TrustManager[] {trust}, random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks TLS 1.3", e);
        }
    }

    @Override
    public String protocolId() {
        return PROTOCOL_ID;
    }

    /**
     * Dials: runs the handshake as TLS client and checks the server's identity.
     *
     * @param expected the peer the caller meant to reach, or null to accept any authenticated peer
     * @throws TlsPeerIdMismatchException if the server is someone else
     * @throws TlsException on any other handshake failure or timeout (the raw stream is closed)
     */
    @Override
    public TlsSession secureOutbound(DuplexStream raw, PeerId expected) throws IOException {
        return run(raw, true, expected);
    }

    /** Accepts: runs the handshake as TLS server, requiring the client's certificate. */
    @Override
    public TlsSession secureInbound(DuplexStream raw) throws IOException {
        return run(raw, false, null);
    }

    private SSLEngine newEngine(boolean client) {
        SSLEngine engine = context.createSSLEngine(); // no peer host: no session to resume, no SNI sent
        engine.setUseClientMode(client);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(new String[] {"TLSv1.3"});
        p.setCipherSuites(CIPHER_SUITES);
        p.setEndpointIdentificationAlgorithm(null);
        if (client) {
            List<String> offer = new ArrayList<>(muxers);
            offer.add(ALPN);
            p.setApplicationProtocols(offer.toArray(String[]::new));
        } else {
            p.setNeedClientAuth(true);
        }
        engine.setSSLParameters(p);
        if (!client) {
            engine.setHandshakeApplicationProtocolSelector((e, offered) -> select(offered));
        }
        return engine;
    }

    /** The server's ALPN choice: the client's first muxer we support, else "libp2p"; no ALPN when none was offered. */
    private String select(List<String> offered) {
        for (String p : offered) {
            if (muxers.contains(p)) {
                return p;
            }
        }
        return offered.contains(ALPN) ? ALPN : "";
    }

    private TlsSession run(DuplexStream raw, boolean client, PeerId expected) throws IOException {
        SSLEngine engine = newEngine(client);
        HandshakeCheck check = trust.register(engine, expected);
        TlsChannel channel = new TlsChannel(raw, engine);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().name("tls-handshake-timeout").start(() -> {
            try {
                if (!finished.await(handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    timedOut.set(true);
                    raw.reset();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            channel.handshake();
            PublicKey remote = check.remoteKey();
            if (remote == null) {
                throw new TlsException("the TLS handshake ended without a certificate check (a resumed session?)");
            }
            String alpn = engine.getApplicationProtocol();
            String early = alpn != null && muxers.contains(alpn) ? alpn : null;
            finished.countDown();
            if (timedOut.get()) {
                throw new TlsException("TLS handshake timed out after " + handshakeTimeout);
            }
            return new TlsSession(raw, channel, identity.peerId(), remote, early);
        } catch (IOException | RuntimeException e) {
            finished.countDown();
            channel.reset();
            if (timedOut.get()) {
                throw new TlsException("TLS handshake timed out after " + handshakeTimeout, e);
            }
            if (check.failure() != null) {
                TlsException f = check.failure();
                throw f instanceof TlsPeerIdMismatchException ? f
                        : new TlsException("TLS handshake failed: " + f.getMessage(), e);
            }
            if (e instanceof TlsException te) {
                throw new TlsException((client ? "TLS handshake with the server failed: "
                        : "TLS handshake with the client failed: ") + te.getMessage(), te);
            }
            if (e instanceof IOException io) {
                throw new TlsException("TLS handshake failed: " + io, io);
            }
            throw new TlsException("TLS handshake failed: " + e, e);
        } finally {
            trust.unregister(engine);
            watchdog.interrupt();
        }
    }
}
