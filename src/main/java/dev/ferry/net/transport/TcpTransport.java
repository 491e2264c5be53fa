package dev.ferry.net.transport;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiaddrProtocol;
import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TCP over blocking sockets, addressed by multiaddrs.
 *
 * <ul>
 *   <li>listen: {@code /ip4/<addr>/tcp/<port>} or {@code /ip6/<addr>/tcp/<port>} (port 0 picks a free port; the
 *       listener reports the real one); each accepted connection goes to the handler on its own virtual thread.
 *   <li>dial: {@code /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>}, optionally followed by {@code /p2p/<peer id>} (ignored
 *       here; checking the peer is the security layer's job). dns4/dns6 use only IPv4/IPv6 results; the resolved
 *       addresses are tried in order, each with the connect timeout.
 * </ul>
 *
 * <p>Port reuse ({@link TcpPortReuse}, go-libp2p's default, on when the transport is made with it, as the swarm's
 * is): listeners bind with SO_REUSEADDR and SO_REUSEPORT, after
 * checking with an exclusive bind that the port is free (two nodes on one port still fail with "address already in
 * use"); a dial then binds its socket to the port of a listener of the destination's family (the listener's IP when
 * it has a specific one the route to the destination leaves from, else a wildcard listener; a loopback destination
 * only a loopback or wildcard listener), so that a NAT maps the dial as it maps the listener, peers observe an
 * address they can dial back, and a hole punch's crossing dials can meet. A dial whose bind or connect finds the port
 * taken (the same 4-tuple open or in TIME_WAIT) is made again from an ephemeral port.
 *
 * <p>Thread-safe. A handler owns its connection: it is not closed when the handler returns (the upgraded session
 * keeps running on its own threads), only when the handler throws.
 */
public final class TcpTransport {
    private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);
    /** Listen backlog of the server socket. */
    static final int BACKLOG = 128;

    private final Duration connectTimeout;
    private final TcpPortReuse reuse;
    /** The bound addresses of the listeners dials may leave from. */
    private final List<InetSocketAddress> reuseListeners = new CopyOnWriteArrayList<>();

    /** A transport whose dials time out after {@code connectTimeout}, reusing ports as {@code reuse} says. */
    public TcpTransport(Duration connectTimeout, TcpPortReuse reuse) {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connect timeout must be positive: " + connectTimeout);
        }
        this.connectTimeout = connectTimeout;
        this.reuse = Objects.requireNonNull(reuse, "reuse");
    }

    /**
     * A transport whose dials time out after {@code connectTimeout}, each from an ephemeral port (port reuse is the
     * swarm's, which asks for it: a transport that forwards local ports must not dial from them).
     */
    public TcpTransport(Duration connectTimeout) {
        this(connectTimeout, TcpPortReuse.OFF);
    }

    /** A transport with a 10 s connect timeout, dialling from ephemeral ports. */
    public TcpTransport() {
        this(Duration.ofSeconds(10));
    }

    /** How this transport reuses listen ports for dials. */
    public TcpPortReuse portReuse() {
        return reuse;
    }

    /** Handles one accepted connection. */
    @FunctionalInterface
    public interface ConnectionHandler {
        void handle(TcpConnection connection) throws Exception;
    }

    /** A running listener. Closing it stops accepting; connections already accepted stay open. */
    public interface Listener extends Closeable {
        /** The bound address with the real port, e.g. {@code /ip4/127.0.0.1/tcp/40123}. */
        Multiaddr listenAddress();

        @Override
        void close();
    }

    /** True when this transport can dial {@code addr}. */
    public static boolean canDial(Multiaddr addr) {
        try {
            hostAndPort(addr, true);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Starts listening.
     *
     * @throws IllegalArgumentException the multiaddr is not {@code /ip4|ip6/…/tcp/N}
     * @throws IOException the address cannot be bound
     */
    public Listener listen(Multiaddr addr, ConnectionHandler handler) throws IOException {
        return listen(addr, handler, reuse != TcpPortReuse.OFF);
    }

    /**
     * Starts listening; with {@code reusable}, dials may leave from this listener's port (the WebSocket transport's
     * listeners are not: a dial from their port would be observed as a plain TCP address of theirs).
     */
    Listener listen(Multiaddr addr, ConnectionHandler handler, boolean reusable) throws IOException {
        Objects.requireNonNull(handler);
        HostPort hp = hostAndPort(addr, false);
        InetSocketAddress at = new InetSocketAddress(InetAddress.getByName(hp.host()), hp.port());
        ServerSocket server = new ServerSocket();
        boolean shared = reusable && server.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        try {
            server.setReuseAddress(true);
            if (shared) {
                at = exclusivelyFree(at, addr);
                server.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            server.bind(at, BACKLOG);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        InetSocketAddress local = (InetSocketAddress) server.getLocalSocketAddress();
        Multiaddr bound = toMultiaddr(local);
        if (shared) {
            reuseListeners.add(local);
        }
        Thread.ofVirtual().name("tcp-accept-" + bound).start(() -> acceptLoop(server, handler));
        return new Listener() {
            @Override
            public Multiaddr listenAddress() {
                return bound;
            }

            @Override
            public void close() {
                reuseListeners.remove(local);
                try {
                    server.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }

            @Override
            public String toString() {
                return "TcpListener[" + bound + "]";
            }
        };
    }

    /**
     * Binds {@code at} without SO_REUSEPORT and lets it go: a port another socket listens on (with or without
     * SO_REUSEPORT) fails here, as it would without port reuse. Returns {@code at} with the real port (when 0 was
     * asked for, the one the kernel chose).
     */
    private static InetSocketAddress exclusivelyFree(InetSocketAddress at, Multiaddr addr) throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // TIME_WAIT leftovers of earlier runs do not make a port busy
            probe.bind(at, 1);
            return new InetSocketAddress(at.getAddress(), probe.getLocalPort());
        } catch (BindException e) {
            BindException clear = new BindException("address already in use: " + addr + " (" + e.getMessage() + ")");
            clear.initCause(e);
            throw clear;
        }
    }

    private static void acceptLoop(ServerSocket server, ConnectionHandler handler) {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("accept failed on {}: {}", server.getLocalSocketAddress(), e.toString());
                }
                return;
            }
            Thread.ofVirtual().name("tcp-conn-" + socket.getRemoteSocketAddress()).start(() -> {
                TcpConnection conn;
                try {
                    conn = new TcpConnection(socket);
                } catch (IOException e) {
                    closeQuietly(socket);
                    return;
                }
                try {
                    handler.handle(conn);
                } catch (Exception e) {
                    LOG.debug("handler failed for {}: {}", conn, e.toString());
                    conn.reset();
                }
            });
        }
    }

    /** Dials with this transport's connect timeout. */
    public TcpConnection dial(Multiaddr addr) throws IOException {
        return dial(addr, connectTimeout);
    }

    /**
     * Connects to {@code addr}.
     *
     * @throws IllegalArgumentException the multiaddr is not a dialable TCP address
     * @throws IOException name resolution failed, or no resolved address accepted within the timeout
     */
    public TcpConnection dial(Multiaddr addr, Duration timeout) throws IOException {
        return dial(addr, timeout, ip -> true);
    }

    /**
     * Connects to {@code addr}, trying only the resolved addresses {@code allowed} accepts.
     *
     * @throws IllegalArgumentException the multiaddr is not a dialable TCP address
     * @throws IOException name resolution failed, every resolved address was refused ("address filtered: …"), or
     *                     none accepted within the timeout
     */
    public TcpConnection dial(Multiaddr addr, Duration timeout, Predicate<InetAddress> allowed) throws IOException {
        return dial(addr, timeout, allowed, true);
    }

    /** {@link #dial(Multiaddr, Duration, Predicate)}; without {@code fromListenPort}, from an ephemeral port. */
    TcpConnection dial(Multiaddr addr, Duration timeout, Predicate<InetAddress> allowed, boolean fromListenPort)
            throws IOException {
        HostPort hp = hostAndPort(addr, true);
        List<InetAddress> resolved = resolve(hp);
        List<InetAddress> candidates = resolved.stream().filter(allowed).toList();
        if (candidates.isEmpty()) {
            throw new IOException("address filtered: " + addr + " (resolves to "
                    + resolved.stream().map(InetAddress::getHostAddress).toList() + ")");
        }
        IOException last = null;
        int millis = (int) Math.max(1, timeout.toMillis());
        for (InetAddress ip : candidates) {
            InetSocketAddress to = new InetSocketAddress(ip, hp.port());
            InetSocketAddress from = fromListenPort ? sourceFor(ip) : null;
            if (from != null) {
                Socket socket = new Socket();
                try {
                    socket.setReuseAddress(true);
                    socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                    socket.bind(from);
                    socket.connect(to, millis);
                    return new TcpConnection(socket);
                } catch (BindException e) {
                    // the port cannot go to this destination now (that 4-tuple is open or in TIME_WAIT)
                    closeQuietly(socket);
                    LOG.debug("dial to {} from {} failed ({}); dialling from an ephemeral port", to, from,
                            e.getMessage());
                } catch (IOException e) {
                    closeQuietly(socket);
                    last = e; // refused or timed out: another source port would not help
                    continue;
                }
            }
            Socket socket = new Socket();
            try {
                socket.connect(to, millis);
                return new TcpConnection(socket);
            } catch (IOException e) {
                closeQuietly(socket);
                last = e;
            }
        }
        throw new IOException("cannot connect to " + addr + ": " + (last == null ? "no address" : last.getMessage()),
                last);
    }

    /**
     * The listener address a dial to {@code to} leaves from, or null for an ephemeral port: a listener of the same
     * family on the IP the route to {@code to} leaves from, else one on the wildcard address; for a loopback
     * destination a loopback listener, else a wildcard one.
     */
    InetSocketAddress sourceFor(InetAddress to) {
        if (reuse == TcpPortReuse.OFF || reuseListeners.isEmpty()
                || to.isLoopbackAddress() && reuse != TcpPortReuse.ALL) {
            return null;
        }
        boolean v4 = to instanceof Inet4Address;
        InetSocketAddress wildcard = null;
        InetSocketAddress specific = null;
        InetAddress route = null;
        boolean routed = false;
        for (InetSocketAddress l : reuseListeners) {
            InetAddress ip = l.getAddress();
            if ((ip instanceof Inet4Address) != v4) {
                continue;
            }
            if (ip.isAnyLocalAddress()) {
                wildcard = wildcard == null ? l : wildcard;
            } else if (to.isLoopbackAddress()) {
                if (ip.isLoopbackAddress() && specific == null) {
                    specific = l;
                }
            } else if (!ip.isLoopbackAddress() && specific == null) {
                if (!routed) {
                    route = routeSource(to);
                    routed = true;
                }
                if (ip.equals(route)) {
                    specific = l;
                }
            }
        }
        return specific != null ? specific : wildcard;
    }

    /** The local IP the route to {@code to} leaves from (a connected UDP socket sends nothing), or null. */
    private static InetAddress routeSource(InetAddress to) {
        try (DatagramSocket d = new DatagramSocket()) {
            d.connect(to, 9);
            InetAddress a = d.getLocalAddress();
            return a == null || a.isAnyLocalAddress() ? null : a;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static List<InetAddress> resolve(HostPort hp) throws IOException {
        InetAddress[] all = InetAddress.getAllByName(hp.host());
        List<InetAddress> out = new ArrayList<>();
        for (InetAddress a : all) {
            boolean fits = switch (hp.family()) {
                case IP4, DNS4 -> a instanceof Inet4Address;
                case IP6, DNS6 -> a instanceof Inet6Address;
                default -> true;
            };
            if (fits) {
                out.add(a);
            }
        }
        if (out.isEmpty()) {
            throw new IOException("no " + hp.family().protocolName() + " address for " + hp.host());
        }
        return out;
    }

    private record HostPort(MultiaddrProtocol family, String host, int port) {}

    private static HostPort hostAndPort(Multiaddr addr, boolean dialing) {
        List<Multiaddr.Component> cs = addr.components();
        if (cs.size() < 2 || cs.get(1).protocol() != MultiaddrProtocol.TCP) {
            throw new IllegalArgumentException("not a TCP multiaddr: " + addr);
        }
        MultiaddrProtocol family = cs.get(0).protocol();
        boolean ip = family == MultiaddrProtocol.IP4 || family == MultiaddrProtocol.IP6;
        boolean dns = family == MultiaddrProtocol.DNS || family == MultiaddrProtocol.DNS4
                || family == MultiaddrProtocol.DNS6;
        if (!(ip || dialing && dns)) {
            throw new IllegalArgumentException("cannot " + (dialing ? "dial " : "listen on ") + addr);
        }
        boolean trailingPeerId = cs.size() == 3 && cs.get(2).protocol() == MultiaddrProtocol.P2P;
        if (cs.size() > 2 && !(dialing && trailingPeerId)) {
            throw new IllegalArgumentException("unsupported components after /tcp in " + addr);
        }
        int port = Integer.parseInt(cs.get(1).valueString());
        if (dialing && port == 0) {
            throw new IllegalArgumentException("cannot dial port 0: " + addr);
        }
        return new HostPort(family, cs.get(0).valueString(), port);
    }

    /** {@code /ip4/a.b.c.d/tcp/N} or {@code /ip6/…/tcp/N} for a socket address. */
    public static Multiaddr toMultiaddr(InetSocketAddress sa) {
        InetAddress ip = sa.getAddress();
        String family;
        String host;
        if (ip instanceof Inet4Address) {
            family = "ip4";
            host = ip.getHostAddress();
        } else if (ip instanceof Inet6Address v6 && isMappedV4(v6)) {
            family = "ip4";
            byte[] b = v6.getAddress();
            host = (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
        } else {
            family = "ip6";
            host = ip.getHostAddress();
            int zone = host.indexOf('%');
            if (zone >= 0) {
                host = host.substring(0, zone);
            }
        }
        return Multiaddr.parse("/" + family + "/" + host + "/tcp/" + sa.getPort());
    }

    private static boolean isMappedV4(Inet6Address a) {
        byte[] b = a.getAddress();
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

}
