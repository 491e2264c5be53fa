package dev.ferry.node.p2p;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.multistream.Multistream;
import dev.ferry.net.transport.DuplexStream;
import dev.ferry.net.transport.TcpConnection;
import dev.ferry.net.transport.TcpTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's stream mounts (Kubo's {@code ipfs p2p}) and their open tunnels. Mounts live in memory only: they end with
 * the node, as Kubo's do. Closing a mount stops new connections and aborts its open tunnels too, so that closing it
 * really stops exposing the service. Thread-safe.
 */
public final class StreamMounting implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamMounting.class);

    /** The namespace mounted protocols must be in unless the caller allows custom ones (Kubo's rule). */
    public static final String PROTOCOL_PREFIX = "/x/";
    /** How long connecting to a listener's TCP target may take. */
    static final Duration TARGET_DIAL_TIMEOUT = Duration.ofSeconds(10);
    private static final String PROTECTION_TAG = "p2p-tunnel-";

    private final Host host;
    private final TcpTransport tcp = new TcpTransport(TARGET_DIAL_TIMEOUT);
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Mount> mounts = new ArrayList<>(); // creation order; guarded by lock
    private final ConcurrentSkipListMap<Long, Tunnel> tunnels = new ConcurrentSkipListMap<>();
    private long nextTunnelId; // guarded by lock
    private boolean closed; // guarded by lock

    public StreamMounting(Host host) {
        this.host = host;
    }

    /**
     * {@code p2p listen}: serves {@code protocol} by piping each inbound stream into a new TCP connection to
     * {@code target}; with {@code reportPeerId} the target first reads the remote peer's ID and a newline.
     *
     * @throws StreamMountingException the protocol or the target is refused, or a listener has the protocol already
     */
    public ProtocolListener listen(String protocol, Multiaddr target, boolean reportPeerId,
            boolean allowCustomProtocol) {
        checkProtocol(protocol, allowCustomProtocol);
        checkTarget(target);
        lock.lock();
        try {
            checkOpen();
            if (listeners().anyMatch(l -> l.protocol().equals(protocol))) {
                throw new StreamMountingException("listener already registered");
            }
            checkNotServed(protocol);
            ProtocolListener l = new ProtocolListener(protocol, Multiaddr.parse("/p2p/" + host.peerId()), target,
                    reportPeerId);
            host.setHandler(protocol, stream -> serve(l, stream));
            mounts.add(l);
            return l;
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code p2p forward}: listens on {@code listen} (TCP; port 0 picks one, {@link Mount#listenAddress()} tells which)
     * and pipes each accepted connection into a new stream of {@code protocol} to the peer of {@code target}
     * ({@code /p2p/<id>}, optionally after addresses to reach it at).
     *
     * @throws StreamMountingException the protocol or an address is refused
     * @throws IOException the listen address cannot be bound
     */
    public PortForwarder forward(String protocol, Multiaddr listen, Multiaddr target, boolean allowCustomProtocol)
            throws IOException {
        checkProtocol(protocol, allowCustomProtocol);
        PeerId peer = peerOf(target);
        lock.lock();
        try {
            checkOpen();
            checkNotServed(protocol);
            Multiaddr reach = target.decapsulate("p2p");
            if (!reach.isEmpty()) {
                host.peerStore().addAddresses(peer, List.of(reach));
            }
            PortForwarder f = new PortForwarder(protocol, peer);
            try {
                f.bound(tcp.listen(listen, conn -> accepted(f, conn)));
            } catch (IllegalArgumentException e) {
                throw new StreamMountingException("cannot listen on " + listen + ": only /ip4 or /ip6 TCP addresses "
                        + "can be forwarded");
            }
            mounts.add(f);
            return f;
        } finally {
            lock.unlock();
        }
    }

    /** Every mount: forwarders first, then listeners, each in the order they were made (as Kubo lists them). */
    public List<Mount> mounts() {
        lock.lock();
        try {
            return Stream.concat(mounts.stream().filter(m -> m instanceof PortForwarder), listeners()).toList();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the mounts that {@code match}, and their open tunnels; returns how many mounts were closed. */
    public int close(Predicate<Mount> match) {
        lock.lock();
        try {
            List<Mount> gone = mounts.stream().filter(match).toList();
            for (Mount m : gone) {
                mounts.remove(m);
                switch (m) {
                    case ProtocolListener l -> host.removeHandler(l.protocol());
                    case PortForwarder f -> f.stop();
                }
            }
            for (Tunnel t : tunnels.values()) {
                if (gone.contains(t.mount())) {
                    t.reset();
                }
            }
            return gone.size();
        } finally {
            lock.unlock();
        }
    }

    /** The open tunnels by handler ID. */
    public List<Tunnel> tunnels() {
        return List.copyOf(tunnels.values());
    }

    /** Aborts the tunnel {@code id}; false when there is none. */
    public boolean closeTunnel(long id) {
        Tunnel t = tunnels.get(id);
        if (t == null) {
            return false;
        }
        t.reset();
        return true;
    }

    /** Aborts every open tunnel; returns how many. */
    public int closeAllTunnels() {
        int n = 0;
        for (Tunnel t : tunnels.values()) {
            t.reset();
            n++;
        }
        return n;
    }

    /** Closes every mount and tunnel; later mounts are refused. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
        close(m -> true);
        closeAllTunnels();
    }

    /** An inbound stream of a listener's protocol, on its own virtual thread: connect to the target and pipe. */
    private void serve(ProtocolListener l, NegotiatedStream stream) {
        TcpConnection conn;
        try {
            conn = tcp.dial(l.targetAddress());
        } catch (IOException | RuntimeException e) {
            LOG.warn("p2p listener {}: cannot reach {}: {}", l.protocol(), l.targetAddress(), e.getMessage());
            stream.reset();
            return;
        }
        if (l.reportsPeerId()) {
            try {
                conn.out().write((stream.remotePeer() + "\n").getBytes(StandardCharsets.US_ASCII));
                conn.out().flush();
            } catch (IOException e) {
                conn.reset();
                stream.reset();
                return;
            }
        }
        start(l, conn, stream, Multiaddr.parse("/p2p/" + stream.remotePeer()), l.targetAddress(),
                stream.remotePeer());
    }

    /** A connection accepted by a forwarder, on its own virtual thread: open the stream to the peer and pipe. */
    private void accepted(PortForwarder f, TcpConnection conn) {
        NegotiatedStream stream;
        try {
            stream = host.newStream(f.peer(), f.protocol());
        } catch (IOException | RuntimeException e) {
            LOG.warn("p2p forward: failed to dial to remote {}{}: {}", f.targetAddress(), f.protocol(),
                    e.getMessage());
            conn.reset();
            return;
        }
        Multiaddr origin;
        try {
            origin = Multiaddr.parse(conn.remoteAddress());
        } catch (IllegalArgumentException e) {
            origin = f.listenAddress();
        }
        start(f, conn, stream, origin, f.targetAddress(), f.peer());
    }

    /** Registers a tunnel and pipes it until it ends; refuses it when its mount closed meanwhile. */
    private void start(Mount mount, DuplexStream local, DuplexStream remote, Multiaddr origin, Multiaddr target,
            PeerId peer) {
        Tunnel t;
        lock.lock();
        try {
            if (closed || !mounts.contains(mount)) {
                local.reset();
                remote.reset();
                return;
            }
            t = new Tunnel(nextTunnelId++, mount, origin, target, peer, local, remote, this::ended);
            tunnels.put(t.id(), t);
            // a tunnel in use keeps its connection out of trimming, as Kubo tags it
            host.connectionManager().protect(peer, PROTECTION_TAG + t.id());
        } finally {
            lock.unlock();
        }
        t.run();
    }

    private void ended(Tunnel t) {
        tunnels.remove(t.id(), t);
        host.connectionManager().unprotect(t.peer(), PROTECTION_TAG + t.id());
    }

    private Stream<Mount> listeners() {
        return mounts.stream().filter(m -> m instanceof ProtocolListener);
    }

    /** Kubo's namespace rule, and a syntactically valid multistream protocol ID. */
    static void checkProtocol(String protocol, boolean allowCustom) {
        if (!allowCustom && !protocol.startsWith(PROTOCOL_PREFIX)) {
            throw new StreamMountingException("protocol name must be within '" + PROTOCOL_PREFIX + "' namespace");
        }
        try {
            Multistream.checkProtocolId(protocol);
        } catch (IllegalArgumentException e) {
            throw new StreamMountingException("invalid protocol name '" + protocol + "': " + e.getMessage());
        }
    }

    /** Whatever the namespace rule, the node's own protocols (Bitswap, identify, …) are never mounted. */
    private void checkNotServed(String protocol) {
        Set<String> served = host.protocols();
        boolean mounted = listeners().anyMatch(l -> l.protocol().equals(protocol));
        if (served.contains(protocol) && !mounted) {
            throw new StreamMountingException("protocol " + protocol + " is one the node serves itself");
        }
    }

    /** A listener's target: a TCP address to dial, port not 0 (Kubo's check and message). */
    private static void checkTarget(Multiaddr target) {
        if (target.valueOf("tcp").isEmpty()) {
            throw new StreamMountingException(target.valueOf("udp").isPresent()
                    ? "only TCP targets can be mounted: " + target
                    : "address does not contain tcp or udp protocol");
        }
        if (target.valueOf("tcp").get().equals("0")) {
            throw new StreamMountingException("port can not be 0");
        }
        if (!TcpTransport.canDial(target) || target.valueOf("p2p").isPresent()) {
            throw new StreamMountingException("cannot dial " + target + ": the target must be /ip4, /ip6 or /dns "
                    + "with /tcp");
        }
    }

    private PeerId peerOf(Multiaddr target) {
        String id = target.valueOf("p2p").orElseThrow(() -> new StreamMountingException(
                "target address must end with /p2p/<peer id>: " + target));
        List<Multiaddr.Component> cs = target.components();
        if (cs.getLast().protocol() != dev.ferry.multiformats.MultiaddrProtocol.P2P) {
            throw new StreamMountingException("target address must end with /p2p/<peer id>: " + target);
        }
        PeerId peer;
        try {
            peer = PeerId.parse(id);
        } catch (IllegalArgumentException e) {
            throw new StreamMountingException("invalid peer id in " + target + ": " + e.getMessage());
        }
        if (peer.equals(host.peerId())) {
            throw new StreamMountingException("cannot forward to this node itself");
        }
        return peer;
    }

    private void checkOpen() {
        if (closed) {
            throw new StreamMountingException("the node is shutting down");
        }
    }
}
