package dev.ferry.net.host;

import dev.ferry.identity.PeerId;
import dev.ferry.identity.PublicKey;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.bandwidth.BandwidthSnapshot;
import dev.ferry.net.bandwidth.MeteredStream;
import dev.ferry.net.bandwidth.RateLimiter;
import dev.ferry.net.multistream.Multistream;
import dev.ferry.net.transport.DuplexStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One secured, multiplexed connection to a peer. Thread-safe. Its inbound streams are accepted by one virtual thread
 * ("conn-…"), each served on its own virtual thread.
 */
public final class Connection {
    private final Host host;
    private final MuxedConnection muxed;
    private final PeerId remotePeer;
    private final PublicKey remoteKey;
    private final Multiaddr remoteAddress;
    private final Direction direction;
    private final Instant openedAt;
    private final MeteredStream wire;
    private final ConnectionReservation reservation;
    private final boolean earlyMuxer;
    private final AtomicInteger streams = new AtomicInteger();
    // negotiated streams still open: a closing connection gives back the reservations of those nobody closed
    private final Set<NegotiatedStream> negotiated = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    Connection(Host host, MuxedConnection muxed, PeerId remotePeer, PublicKey remoteKey, Multiaddr remoteAddress,
            Direction direction, Instant openedAt, MeteredStream wire, ConnectionReservation reservation,
            boolean earlyMuxer) {
        this.host = host;
        this.muxed = muxed;
        this.remotePeer = remotePeer;
        this.remoteKey = remoteKey;
        this.remoteAddress = remoteAddress;
        this.direction = direction;
        this.openedAt = openedAt;
        this.wire = wire;
        this.reservation = reservation;
        this.earlyMuxer = earlyMuxer;
    }

    public PeerId remotePeer() {
        return remotePeer;
    }

    public PublicKey remotePublicKey() {
        return remoteKey;
    }

    /** The peer's transport address (without /p2p), when it could be parsed. */
    public Optional<Multiaddr> remoteAddress() {
        return Optional.ofNullable(remoteAddress);
    }

    /** Our end's transport address (for TCP the local IP and port), when it could be parsed. */
    public Optional<Multiaddr> localAddress() {
        try {
            String a = wire.localAddress();
            return a == null ? Optional.empty() : Optional.of(Multiaddr.parse(a));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public Direction direction() {
        return direction;
    }

    /**
     * Whether this is a limited connection: relayed (its remote address is a circuit, {@code …/p2p-circuit}), so the
     * relay may cut it after a time or an amount of data. Only the protocols that opt in run over it
     * ({@link Host#allowOnLimitedConnections}).
     */
    public boolean limited() {
        return remoteAddress != null && remoteAddress.has(dev.ferry.multiformats.MultiaddrProtocol.P2P_CIRCUIT);
    }

    /**
     * Whether the security handshake chose the muxer (Noise extensions or TLS ALPN), so that no multistream-select
     * round for it ran (go-libp2p's {@code UsedEarlyMuxerNegotiation}).
     */
    public boolean usedEarlyMuxerNegotiation() {
        return earlyMuxer;
    }

    public Instant openedAt() {
        return openedAt;
    }

    /** Bytes in and out on the wire with current rates, for this connection. */
    public BandwidthSnapshot bandwidth() {
        return wire.meter().snapshot();
    }

    /** The limiter the host's bandwidth policy chose for this connection (unlimited by default). */
    public RateLimiter limiter() {
        return wire.limiter();
    }

    /** The connection's place in the host's resource scopes; given back when it closes. */
    ConnectionReservation reservation() {
        return reservation;
    }

    /** The connection's raw byte stream, metered and throttled. */
    MeteredStream wire() {
        return wire;
    }

    public boolean isOpen() {
        return !closed.get() && muxed.isOpen();
    }

    /** Streams currently open on this connection, both directions. */
    public int openStreams() {
        return streams.get();
    }

    /**
     * The protocols of the streams open on this connection once negotiated, both directions, one entry per stream
     * (a stream still negotiating is not among them).
     */
    public List<String> streamProtocols() {
        return negotiated.stream().map(NegotiatedStream::protocol).toList();
    }

    /**
     * Opens a stream and negotiates the first protocol of {@code protocols} the peer accepts.
     *
     * @throws ConnectionLimitException the connection already has {@link HostConfig#maxStreamsPerConnection()} streams
     * @throws dev.ferry.net.multistream.ProtocolNotSupportedException the peer accepts none of them
     * @throws IOException the stream failed or negotiation timed out
     */
    public NegotiatedStream newStream(String... protocols) throws IOException {
        List<String> list = limited() ? limitedOnly(protocols) : List.of(protocols);
        return open((stream, reservation) -> {
            try (Host.Timeout t = host.arm(host.config().negotiationTimeout(), stream::reset)) {
                String agreed = Multistream.select(stream, list);
                if (t.expired()) {
                    throw new IOException("protocol negotiation timed out");
                }
                reservation.setProtocol(agreed);
                return new NegotiatedStream(stream, agreed, this, reservation);
            }
        });
    }

    /**
     * Opens a stream that proposes {@code protocol} lazily ({@link Multistream#selectLazily}): returns without waiting
     * for the peer's answer, which the stream's first read checks. For a protocol the peer is known to serve.
     *
     * @throws ConnectionLimitException the connection already has {@link HostConfig#maxStreamsPerConnection()} streams
     * @throws IOException the stream could not be opened
     */
    public NegotiatedStream newStreamLazily(String protocol) throws IOException {
        if (limited()) {
            limitedOnly(protocol);
        }
        return open((stream, reservation) -> {
            reservation.setProtocol(protocol);
            return new NegotiatedStream(Multistream.selectLazily(stream, protocol), protocol, this, reservation);
        });
    }

    /** Those of {@code protocols} allowed on a limited connection, in order; none: refused. */
    private List<String> limitedOnly(String... protocols) throws LimitedConnectionException {
        List<String> allowed = java.util.Arrays.stream(protocols).filter(host::allowedOnLimitedConnections).toList();
        if (allowed.isEmpty()) {
            throw new LimitedConnectionException("limited (relayed) connection to " + remotePeer + ": "
                    + String.join(", ", protocols) + " not allowed on it");
        }
        return allowed;
    }

    /** How a fresh muxed stream becomes a negotiated one, moving its reservation to the agreed protocol. */
    private interface Negotiation {
        NegotiatedStream negotiate(DuplexStream stream, StreamReservation reservation) throws IOException;
    }

    /**
     * Takes a stream slot and a place in the resource scopes, opens a muxed stream and negotiates it; on failure
     * resets it and gives both back.
     *
     * @throws ResourceLimitException a resource scope of the stream is full
     */
    private NegotiatedStream open(Negotiation negotiation) throws IOException {
        if (!tryAcquireStream()) {
            throw new ConnectionLimitException("stream limit " + host.config().maxStreamsPerConnection()
                    + " reached on the connection to " + remotePeer);
        }
        StreamReservation reservation;
        try {
            reservation = host.resourceManager().openStream(remotePeer, Direction.OUTBOUND);
        } catch (ResourceLimitException e) {
            streamClosed();
            throw e;
        }
        DuplexStream s = null;
        try {
            s = muxed.openStream();
            NegotiatedStream negotiated = negotiation.negotiate(s, reservation);
            host.touch(this);
            return negotiated;
        } catch (IOException | RuntimeException e) {
            if (s != null) {
                s.reset();
            }
            streamClosed();
            reservation.release();
            throw e;
        }
    }

    /** Closes the connection and all its streams. Idempotent. */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                muxed.close();
            } finally {
                negotiated.forEach(NegotiatedStream::reset);
                reservation.release();
                host.connectionClosed(this);
            }
        }
    }

    /** Closes a connection the manager refused (it was never registered, so no event is fired). */
    void closeUnregistered() {
        if (closed.compareAndSet(false, true)) {
            try {
                muxed.close();
            } finally {
                negotiated.forEach(NegotiatedStream::reset);
                reservation.release();
                wire.release();
            }
        }
    }

    boolean tryAcquireStream() {
        int limit = host.config().maxStreamsPerConnection();
        while (true) {
            int n = streams.get();
            if (n >= limit) {
                return false;
            }
            if (streams.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void streamClosed() {
        streams.decrementAndGet();
    }

    /** Called by each new {@link NegotiatedStream}; one made while the connection closes is reset at once. */
    void opened(NegotiatedStream s) {
        negotiated.add(s);
        if (closed.get()) {
            s.reset();
        }
    }

    /** Called once by each {@link NegotiatedStream} when it is closed or reset. */
    void closed(NegotiatedStream s) {
        negotiated.remove(s);
        streamClosed();
    }

    /** Accepts inbound streams until the session ends, then closes the connection. */
    void acceptLoop() {
        try {
            DuplexStream s;
            while ((s = muxed.acceptStream()) != null) {
                DuplexStream inbound = s;
                if (!tryAcquireStream()) {
                    inbound.reset();
                    continue;
                }
                StreamReservation reservation;
                try {
                    reservation = host.resourceManager().openStream(remotePeer, Direction.INBOUND);
                } catch (ResourceLimitException e) {
                    streamClosed();
                    inbound.reset(); // this stream only: the peer's others, and other peers, go on
                    continue;
                }
                Thread.ofVirtual().name("stream-in-" + remotePeer.toString())
                        .start(() -> host.serveInbound(this, inbound, reservation));
            }
        } catch (IOException | RuntimeException e) {
            // the session failed; close below
        } finally {
            close();
        }
    }

    @Override
    public String toString() {
        return direction + " " + remotePeer + (remoteAddress == null ? "" : " at " + remoteAddress);
    }
}
