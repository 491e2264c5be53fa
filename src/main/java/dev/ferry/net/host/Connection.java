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
    private final AtomicInteger streams = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    Connection(Host host, MuxedConnection muxed, PeerId remotePeer, PublicKey remoteKey, Multiaddr remoteAddress,
            Direction direction, Instant openedAt, MeteredStream wire) {
        this.host = host;
        this.muxed = muxed;
        this.remotePeer = remotePeer;
        this.remoteKey = remoteKey;
        this.remoteAddress = remoteAddress;
        this.direction = direction;
        this.openedAt = openedAt;
        this.wire = wire;
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

    public Direction direction() {
        return direction;
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
     * Opens a stream and negotiates the first protocol of {@code protocols} the peer accepts.
     *
     * @throws ConnectionLimitException the connection already has {@link HostConfig#maxStreamsPerConnection()} streams
     * @throws dev.ferry.net.multistream.ProtocolNotSupportedException the peer accepts none of them
     * @throws IOException the stream failed or negotiation timed out
     */
    public NegotiatedStream newStream(String... protocols) throws IOException {
        List<String> list = List.of(protocols);
        return open(stream -> {
            try (Host.Timeout t = host.arm(host.config().negotiationTimeout(), stream::reset)) {
                String agreed = Multistream.select(stream, list);
                if (t.expired()) {
                    throw new IOException("protocol negotiation timed out");
                }
                return new NegotiatedStream(stream, agreed, this);
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
        return open(stream -> new NegotiatedStream(Multistream.selectLazily(stream, protocol), protocol, this));
    }

    /** How a fresh muxed stream becomes a negotiated one. */
    private interface Negotiation {
        NegotiatedStream negotiate(DuplexStream stream) throws IOException;
    }

    /** Takes a stream slot, opens a muxed stream and negotiates it; on failure resets it and gives the slot back. */
    private NegotiatedStream open(Negotiation negotiation) throws IOException {
        if (!tryAcquireStream()) {
            throw new ConnectionLimitException("stream limit " + host.config().maxStreamsPerConnection()
                    + " reached on the connection to " + remotePeer);
        }
        DuplexStream s = null;
        try {
            s = muxed.openStream();
            NegotiatedStream negotiated = negotiation.negotiate(s);
            host.touch(this);
            return negotiated;
        } catch (IOException | RuntimeException e) {
            if (s != null) {
                s.reset();
            }
            streamClosed();
            throw e;
        }
    }

    /** Closes the connection and all its streams. Idempotent. */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            muxed.close();
            host.connectionClosed(this);
        }
    }

    /** Closes a connection the manager refused (it was never registered, so no event is fired). */
    void closeUnregistered() {
        if (closed.compareAndSet(false, true)) {
            muxed.close();
            wire.release();
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
                Thread.ofVirtual().name("stream-in-" + remotePeer.toString()).start(() -> host.serveInbound(this, inbound));
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
