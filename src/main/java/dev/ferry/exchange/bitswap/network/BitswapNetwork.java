package dev.ferry.exchange.bitswap.network;

import dev.ferry.exchange.bitswap.wire.BitswapMessage;
import dev.ferry.exchange.bitswap.wire.BitswapProtocol;
import dev.ferry.exchange.bitswap.wire.BitswapReader;
import dev.ferry.exchange.bitswap.wire.BitswapWireException;
import dev.ferry.identity.PeerId;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostListener;
import dev.ferry.net.host.NegotiatedStream;
import java.io.BufferedInputStream;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bitswap on a {@link Host}: serves every Bitswap protocol id, reads each inbound stream as a sequence of messages
 * until EOF (peers answer on streams they open, and Kubo ≥ 0.37 reuses one stream for many wantlists), and keeps one
 * long-lived outbound stream per peer (see {@link PeerOutbox}). Thread-safe.
 */
public final class BitswapNetwork implements MessageSender, AutoCloseable {
    private final Host host;
    private final NetworkConfig config;
    private final ConcurrentHashMap<PeerId, PeerOutbox> outboxes = new ConcurrentHashMap<>();
    private final Set<PeerId> connected = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile MessageReceiver receiver;
    private final HostListener listener = new HostListener() {
        @Override
        public void connected(Connection c) {
            PeerId p = c.remotePeer();
            if (!closed.get() && connected.add(p)) {
                receiver.peerConnected(p);
            }
        }

        @Override
        public void disconnected(Connection c) {
            PeerId p = c.remotePeer();
            if (!host.isConnected(p) && connected.remove(p)) {
                PeerOutbox box = outboxes.remove(p);
                if (box != null) {
                    box.close();
                }
                receiver.peerDisconnected(p);
            }
        }
    };

    public BitswapNetwork(Host host, NetworkConfig config) {
        this.host = Objects.requireNonNull(host, "host");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Registers the protocol handlers and the connection listener; {@code receiver} gets everything from now on. */
    public void start(MessageReceiver receiver) {
        this.receiver = Objects.requireNonNull(receiver, "receiver");
        host.addListener(listener);
        for (Connection c : host.connectionManager().allConnections()) {
            if (c.isOpen() && connected.add(c.remotePeer())) {
                receiver.peerConnected(c.remotePeer());
            }
        }
        for (String id : BitswapProtocol.ids()) {
            host.setHandler(id, this::serve);
        }
    }

    private void serve(NegotiatedStream s) throws Exception {
        PeerId peer = s.remotePeer();
        BitswapReader reader = new BitswapReader(new BufferedInputStream(s.in(), 64 * 1024), config.maxMessageSize());
        while (!closed.get()) {
            BitswapMessage m;
            try {
                m = reader.read();
            } catch (BitswapWireException e) {
                s.reset();
                receiver.malformed(peer, e);
                return;
            }
            if (m == null) {
                return; // the peer closed its side
            }
            receiver.receive(peer, m);
        }
    }

    @Override
    public CompletableFuture<Void> send(PeerId peer, BitswapMessage message) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("network closed"));
        }
        return outboxes.computeIfAbsent(peer, p -> new PeerOutbox(host, p, config, () -> unsupported(p)))
                .enqueue(message);
    }

    /** The peer refused every Bitswap id: it is no partner (until it reconnects). */
    private void unsupported(PeerId p) {
        PeerOutbox box = outboxes.remove(p);
        if (box != null) {
            box.close();
        }
        if (connected.remove(p)) {
            receiver.peerDisconnected(p);
        }
    }

    @Override
    public Set<PeerId> peers() {
        return Set.copyOf(connected);
    }

    @Override
    public void disconnect(PeerId peer) {
        for (Connection c : host.connections(peer)) {
            c.close();
        }
    }

    public Host host() {
        return host;
    }

    /** Stops serving Bitswap and drops the outbound streams; the host stays up. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (String id : BitswapProtocol.ids()) {
            host.removeHandler(id);
        }
        host.removeListener(listener);
        outboxes.values().forEach(PeerOutbox::close);
        outboxes.clear();
    }
}
