package dev.ferry.net.security.noise;

import dev.ferry.crypto.AeadCipher;
import dev.ferry.crypto.ChaCha20Poly1305;
import dev.ferry.crypto.X25519;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.identity.PublicKey;
import dev.ferry.net.security.SecurityProtocol;
import dev.ferry.net.security.noise.wire.NoisePayload;
import dev.ferry.net.security.noise.wire.NoisePayloadCodec;
import dev.ferry.net.transport.DuplexStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The {@code /noise} binding: secures a raw stream as initiator or responder. One instance per host: it holds the
 * host's {@link Identity} and its own static X25519 key (drawn from the injected random source at construction).
 * Thread-safe: any number of handshakes may run at once, each on the caller's thread.
 *
 * <p>The muxers of {@link NoiseConfig#streamMuxers()} go into the extensions of this side's payload (message 2 as
 * responder, message 3 as initiator); when the peer lists muxers too, the session carries the one both agreed on
 * ({@link NoiseSession#earlyMuxer()}, see {@link EarlyMuxer}).
 */
public final class NoiseSecurity implements SecurityProtocol {
    public static final String PROTOCOL_ID = "/noise";
    static final byte[] SIGNATURE_PREFIX = "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);

    private final Identity identity;
    private final NoiseConfig config;
    private final SecureRandom random;
    private final Supplier<AeadCipher> ciphers;
    private final byte[] staticPriv;
    private final byte[] staticPub;
    private final byte[] payload;

    public NoiseSecurity(Identity identity, NoiseConfig config, SecureRandom random) {
        this(identity, config, random, ChaCha20Poly1305::best);
    }

    /** With an explicit cipher factory (called once per direction per connection, plus once per handshake). */
    public NoiseSecurity(Identity identity, NoiseConfig config, SecureRandom random, Supplier<AeadCipher> ciphers) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
        this.ciphers = Objects.requireNonNull(ciphers, "ciphers");
        this.staticPriv = new byte[32];
        random.nextBytes(staticPriv);
        this.staticPub = X25519.publicKey(staticPriv);
        byte[] sig = identity.sign(concat(SIGNATURE_PREFIX, staticPub));
        this.payload = NoisePayloadCodec.encode(
                new NoisePayload(identity.publicKey().marshal(), sig, config.streamMuxers()));
    }

    @Override
    public String protocolId() {
        return PROTOCOL_ID;
    }

    public NoiseConfig config() {
        return config;
    }

    /** This host's static X25519 public key. */
    public byte[] staticPublicKey() {
        return staticPub.clone();
    }

    /**
     * Dials: runs XX as initiator and checks the responder's identity.
     *
     * @param expected the peer the caller meant to reach, or null to accept any authenticated peer
     * @throws PeerIdMismatchException if the responder is someone else
     * @throws NoiseException on any other handshake failure or timeout (the raw stream is closed)
     */
    @Override
    public NoiseSession secureOutbound(DuplexStream raw, PeerId expected) throws IOException {
        return run(raw, true, expected);
    }

    /** Accepts: runs XX as responder; the remote identity is whatever the initiator proves. */
    @Override
    public NoiseSession secureInbound(DuplexStream raw) throws IOException {
        return run(raw, false, null);
    }

    private NoiseSession run(DuplexStream raw, boolean initiator, PeerId expected) throws IOException {
        CountDownLatch finished = new CountDownLatch(1);
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().name("noise-handshake-timeout").start(() -> {
            try {
                if (!finished.await(config.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    timedOut.set(true);
                    closeQuietly(raw);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            NoiseSession session = initiator ? initiate(raw, expected) : respond(raw);
            finished.countDown();
            if (timedOut.get()) {
                throw new NoiseException("noise handshake timed out after " + config.handshakeTimeout());
            }
            return session;
        } catch (IOException | RuntimeException e) {
            finished.countDown();
            closeQuietly(raw);
            if (timedOut.get()) {
                throw new NoiseException("noise handshake timed out after " + config.handshakeTimeout(), e);
            }
            if (e instanceof NoiseException ne) {
                throw ne;
            }
            if (e instanceof IOException io) {
                throw new NoiseException("noise handshake failed: " + io.getMessage(), io);
            }
            throw new NoiseException("noise handshake failed: " + e, e);
        } finally {
            watchdog.interrupt();
        }
    }

    private NoiseSession initiate(DuplexStream raw, PeerId expected) throws IOException {
        try (HandshakeState.Scope scope = new HandshakeState.Scope(newHandshake(true))) {
            return initiate(raw, scope.hs(), expected);
        }
    }

    private NoiseSession initiate(DuplexStream raw, HandshakeState hs, PeerId expected) throws IOException {
        send(raw, hs.writeMessage(new byte[0]));
        byte[] remotePayload = hs.readMessage(receive(raw, 32 + 48 + 16));
        Remote remote = verify(remotePayload, hs.remoteStaticPublic());
        if (expected != null && !expected.equals(remote.peer())) {
            throw new PeerIdMismatchException(expected, remote.peer());
        }
        send(raw, hs.writeMessage(payload));
        return finish(raw, hs, remote, EarlyMuxer.agree(config.streamMuxers(), remote.muxers()));
    }

    private NoiseSession respond(DuplexStream raw) throws IOException {
        try (HandshakeState.Scope scope = new HandshakeState.Scope(newHandshake(false))) {
            return respond(raw, scope.hs());
        }
    }

    private NoiseSession respond(DuplexStream raw, HandshakeState hs) throws IOException {
        hs.readMessage(receive(raw, 32));
        send(raw, hs.writeMessage(payload));
        byte[] remotePayload = hs.readMessage(receive(raw, 48 + 16));
        Remote remote = verify(remotePayload, hs.remoteStaticPublic());
        return finish(raw, hs, remote, EarlyMuxer.agree(remote.muxers(), config.streamMuxers()));
    }

    private HandshakeState newHandshake(boolean initiator) {
        byte[] ephemeral = new byte[32];
        random.nextBytes(ephemeral);
        HandshakeState hs = new HandshakeState(initiator, ciphers.get(), staticPriv, ephemeral);
        Arrays.fill(ephemeral, (byte) 0);
        return hs;
    }

    private NoiseSession finish(DuplexStream raw, HandshakeState hs, Remote remote, Optional<String> earlyMuxer) {
        byte[] h = hs.handshakeHash();
        CipherState[] cs = hs.split(ciphers.get(), ciphers.get());
        return new NoiseSession(raw, cs[0], cs[1], identity.peerId(), remote.peer(), remote.key(), remote.muxers(),
                earlyMuxer, h);
    }

    private record Remote(PeerId peer, PublicKey key, java.util.List<String> muxers) {}

    /** Checks the payload's signature over the static key the handshake proved, and derives the PeerId. */
    private static Remote verify(byte[] payloadBytes, byte[] remoteStatic) throws NoiseException {
        NoisePayload p;
        PublicKey key;
        try {
            p = NoisePayloadCodec.decode(payloadBytes);
            key = PublicKey.unmarshal(p.identityKey());
        } catch (RuntimeException e) {
            throw new NoiseException("bad noise handshake payload: " + e.getMessage(), e);
        }
        boolean ok;
        try {
            ok = key.verify(concat(SIGNATURE_PREFIX, remoteStatic), p.identitySig());
        } catch (RuntimeException e) {
            ok = false;
        }
        if (!ok) {
            throw new NoiseException("identity signature over the noise static key does not verify");
        }
        return new Remote(PeerId.fromPublicKey(key), key, p.streamMuxers());
    }

    private void send(DuplexStream raw, byte[] msg) throws IOException {
        byte[] frame = new byte[2 + msg.length];
        NoiseFrames.putLength(frame, msg.length);
        System.arraycopy(msg, 0, frame, 2, msg.length);
        raw.out().write(frame);
        raw.out().flush();
    }

    private byte[] receive(DuplexStream raw, int min) throws IOException {
        byte[] buf = new byte[config.maxHandshakeMessage()];
        int n = NoiseFrames.read(raw.in(), buf, min, config.maxHandshakeMessage());
        if (n < 0) {
            throw new NoiseException("EOF during the noise handshake");
        }
        return Arrays.copyOf(buf, n);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static void closeQuietly(DuplexStream raw) {
        try {
            raw.close();
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }
}
