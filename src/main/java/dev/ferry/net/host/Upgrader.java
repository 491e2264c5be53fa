package dev.ferry.net.host;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.bandwidth.MeteredStream;
import dev.ferry.net.multistream.Multistream;
import dev.ferry.net.multistream.ProtocolNotSupportedException;
import dev.ferry.net.pnet.PrivateNetworkException;
import dev.ferry.net.pnet.PrivateNetworkStream;
import dev.ferry.net.pnet.SwarmKey;
import dev.ferry.net.security.SecuredStream;
import dev.ferry.net.security.SecurityProtocol;
import dev.ferry.net.security.UnexpectedPeerException;
import dev.ferry.net.transport.DuplexStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a raw connection into a {@link Connection}: [private network nonces and XSalsa20, when the host has a swarm
 * key] → multistream {@code /noise} or {@code /tls/1.0.0} (the dialer proposes the host's {@link SecurityPreference}
 * in order) → Noise XX or TLS 1.3 → multistream {@code /yamux/1.0.0}, unless the handshake already agreed on it (TLS
 * ALPN, Noise extensions) → Yamux.
 * The whole upgrade must finish within {@link HostConfig#upgradeTimeout()}, else the raw stream is reset. Runs on the
 * caller's thread.
 */
final class Upgrader {
    private final Host host;
    private final Map<String, SecurityProtocol> security; // by protocol id, most preferred first
    private final StreamMuxer muxer;
    private final InstantSource clock;
    private final SecureRandom random; // the private network's nonces

    Upgrader(Host host, List<SecurityProtocol> security, StreamMuxer muxer, InstantSource clock, SecureRandom random) {
        this.host = host;
        this.security = new LinkedHashMap<>();
        security.forEach(p -> this.security.put(p.protocolId(), p));
        this.muxer = muxer;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Upgrades with the ordinary role for {@code direction} (the dialler initiates).
     *
     * @param expected the peer a dial is meant for (null when accepting)
     * @param reservation the connection's place in the resource scopes, which the connection gives back on close
     * @throws dev.ferry.net.security.PeerMismatch (an IOException) when the dialled peer is someone else
     * @throws SocketTimeoutException when the upgrade did not finish in time
     */
    Connection upgrade(MeteredStream raw, Direction direction, PeerId expected, Multiaddr remote,
            ConnectionReservation reservation) throws IOException {
        return upgrade(raw, direction, HandshakeRole.of(direction), expected, remote, reservation);
    }

    /**
     * Upgrades taking {@code role} whatever the direction: a responder secures as the handshake's server and then
     * checks the peer is {@code expected} (when given); the Yamux initiator is the security initiator.
     *
     * @throws dev.ferry.net.security.PeerMismatch (an IOException) when the dialled peer is someone else
     * @throws SocketTimeoutException when the upgrade did not finish in time (both sides responders wait so)
     */
    Connection upgrade(MeteredStream raw, Direction direction, HandshakeRole role, PeerId expected, Multiaddr remote,
            ConnectionReservation reservation) throws IOException {
        boolean outbound = role == HandshakeRole.INITIATOR;
        try (Host.Timeout t = host.arm(host.config().upgradeTimeout(), raw::reset)) {
            try {
                SwarmKey psk = host.config().privateNetwork();
                DuplexStream base = psk == null ? raw
                        : opening(raw, psk, () -> PrivateNetworkStream.protect(raw, psk, random));
                SecuredStream secured;
                boolean early;
                if (outbound) {
                    String id = opening(base, psk, () -> selectSecurity(base));
                    secured = security.get(id).secureOutbound(base, expected);
                    early = agreedEarly(secured);
                    if (!early) {
                        Multistream.select(secured, List.of(muxer.protocolId()));
                    }
                } else {
                    String id = opening(base, psk, () -> Multistream.handle(base, security.keySet()));
                    secured = security.get(id).secureInbound(base);
                    if (expected != null && !expected.equals(secured.remotePeer())) {
                        throw new UnexpectedPeerException(expected, secured.remotePeer());
                    }
                    early = agreedEarly(secured);
                    if (!early) {
                        Multistream.handle(secured, Set.of(muxer.protocolId()));
                    }
                }
                MuxedConnection muxed = muxer.start(secured, outbound);
                if (t.expired()) {
                    muxed.close();
                    throw new SocketTimeoutException("upgrade timed out");
                }
                return new Connection(host, muxed, secured.remotePeer(), secured.remotePublicKey(), remote,
                        direction, clock.instant(), raw, reservation, early);
            } catch (IOException | RuntimeException e) {
                raw.reset();
                if (t.expired() && !(e instanceof SocketTimeoutException)) {
                    SwarmKey psk = host.config().privateNetwork();
                    boolean swapped = role != HandshakeRole.of(direction);
                    SocketTimeoutException te = new SocketTimeoutException(
                            "upgrade did not finish within " + host.config().upgradeTimeout()
                            + (swapped ? " (as the " + role.name().toLowerCase(java.util.Locale.ROOT) + " of a "
                                    + direction.name().toLowerCase(java.util.Locale.ROOT) + " connection: a peer that"
                                    + " takes the same role waits like this)" : "")
                            + (psk == null ? ""
                                    : " (inside the private network of swarm key " + psk.fingerprint()
                                            + ": a peer with another key, or none, hangs like this)"));
                    te.initCause(e);
                    throw te;
                }
                throw e;
            }
        }
    }

    /** Proposes the security protocols in order; a peer that refuses them all gets a clear error. */
    private String selectSecurity(DuplexStream base) throws IOException {
        try {
            return Multistream.select(base, List.copyOf(security.keySet()));
        } catch (ProtocolNotSupportedException e) {
            throw new ProtocolNotSupportedException(List.copyOf(security.keySet()),
                    "the peer " + base.remoteAddress() + " speaks none of the security protocols "
                            + security.keySet() + " enabled here (Swarm.Transports.Security)");
        }
    }

    /**
     * Whether the security handshake already chose this host's muxer (TLS ALPN, Noise extensions), sparing its
     * multistream round.
     */
    private boolean agreedEarly(SecuredStream secured) {
        return secured.earlyMuxer().filter(muxer.protocolId()::equals).isPresent();
    }

    private interface Step<T> {
        T run() throws IOException;
    }

    /**
     * The first exchanges on a connection (inside a private network the nonces, then the first multistream words):
     * where a peer with another key, or none, shows as noise or a dropped connection, so the failure says so.
     */
    private static <T> T opening(DuplexStream base, SwarmKey psk, Step<T> step) throws IOException {
        try {
            return step.run();
        } catch (SocketTimeoutException | ProtocolNotSupportedException e) {
            throw e; // out of time, or a libp2p peer that said "na": the peer spoke the protocol
        } catch (IOException | RuntimeException e) {
            if (psk == null) {
                // a member of a private network answers a node outside it with noise, or drops it
                throw new IOException("no libp2p negotiation with " + base.remoteAddress() + " (a peer in a private"
                        + " network answers like this to a node without its swarm.key): " + e.getMessage(), e);
            }
            throw new PrivateNetworkException("the peer " + base.remoteAddress() + " is not in this private network"
                    + " (swarm key " + psk.fingerprint() + "): " + e.getMessage(), e);
        }
    }
}
