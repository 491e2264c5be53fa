package dev.ferry.net.transport;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiaddrProtocol;
import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * <p>Thread-safe. A handler owns its connection: it is not closed when the handler returns (the upgraded session
 * keeps running on its own threads), only when the handler throws.
 */
public final class TcpTransport {
    private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);
    /** Listen backlog of the server socket. */
    static final int BACKLOG = 128;

    private final Duration connectTimeout;

    /** A transport whose dials time out after {@code connectTimeout}. */
    public TcpTransport(Duration connectTimeout) {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connect timeout must be positive: " + connectTimeout);
        }
        this.connectTimeout = connectTimeout;
    }

    /** A transport with a 10 s connect timeout. */
    public TcpTransport() {
        this(Duration.ofSeconds(10));
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
        Objects.requireNonNull(handler);
        HostPort hp = hostAndPort(addr, false);
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName(hp.host()), hp.port()), BACKLOG);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        Multiaddr bound = toMultiaddr((InetSocketAddress) server.getLocalSocketAddress());
        Thread.ofVirtual().name("tcp-accept-" + bound).start(() -> acceptLoop(server, handler));
        return new Listener() {
            @Override
            public Multiaddr listenAddress() {
                return bound;
            }

            @Override
            public void close() {
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
        HostPort hp = hostAndPort(addr, true);
        List<InetAddress> resolved = resolve(hp);
        List<InetAddress> candidates = resolved.stream().filter(allowed).toList();
        if (candidates.isEmpty()) {
            throw new IOException("address filtered: " + addr + " (resolves to "
                    + resolved.stream().map(InetAddress::getHostAddress).toList() + ")");
        }
        IOException last = null;
        for (InetAddress ip : candidates) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(ip, hp.port()), (int) Math.max(1, timeout.toMillis()));
                return new TcpConnection(socket);
            } catch (IOException e) {
                closeQuietly(socket);
                last = e;
            }
        }
        throw new IOException("cannot connect to " + addr + ": " + (last == null ? "no address" : last.getMessage()),
                last);
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
