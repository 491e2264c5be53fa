package dev.ferry.net.transport;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiaddrProtocol;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * libp2p's WebSocket transport: {@code /ip4|ip6/<addr>/tcp/<port>/ws} to listen, plus the dns forms and a trailing
 * {@code /p2p/<id>} to dial; each connection is a {@link WebSocketConnection} over a {@link TcpConnection}, carrying
 * the same upgrade (multistream, Noise, Yamux) as plain TCP. Browsers and js-libp2p reach a node this way.
 *
 * <p>Dialling also takes the secure forms {@code …/tcp/<port>/wss}, {@code …/tcp/<port>/tls/ws} and
 * {@code …/tcp/<port>/tls/sni/<name>/ws}: TLS over the TCP connection, the server's certificate checked against the
 * trusted roots and the name (the {@code sni} name, else the dns name, else the IP address), then the WebSocket inside
 * it. Listening with TLS is left to a proxy in front (it needs a certificate).
 */
public final class WebSocketTransport {
    private final TcpTransport tcp;
    private final SSLContext tls;
    private final SecureRandom random = new SecureRandom();

    /** A transport whose secure dials trust the JDK's default roots. */
    public WebSocketTransport(TcpTransport tcp) {
        this(tcp, defaultTls());
    }

    /** A transport whose secure dials use {@code tls} (its trusted roots). */
    public WebSocketTransport(TcpTransport tcp, SSLContext tls) {
        this.tcp = Objects.requireNonNull(tcp, "tcp");
        this.tls = Objects.requireNonNull(tls, "tls");
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    /** The parts of a WebSocket address: the TCP address under it, and its TLS layer if any. */
    record Parsed(Multiaddr tcp, boolean secure, String sni) {}

    /**
     * Reads {@code …/tcp/N/ws}, {@code …/tcp/N/wss}, {@code …/tcp/N/tls/ws} or {@code …/tcp/N/tls/sni/NAME/ws}, each
     * with an optional trailing /p2p; null when {@code addr} is none of them.
     */
    static Parsed parse(Multiaddr addr) {
        List<Multiaddr.Component> cs = new ArrayList<>(addr.components());
        Multiaddr.Component peer = null;
        if (!cs.isEmpty() && cs.getLast().protocol() == MultiaddrProtocol.P2P) {
            peer = cs.removeLast();
        }
        if (cs.size() < 3 || cs.get(1).protocol() != MultiaddrProtocol.TCP) {
            return null;
        }
        List<Multiaddr.Component> rest = cs.subList(2, cs.size());
        List<MultiaddrProtocol> shape = rest.stream().map(Multiaddr.Component::protocol).toList();
        boolean secure;
        String sni = null;
        if (shape.equals(List.of(MultiaddrProtocol.WS))) {
            secure = false;
        } else if (shape.equals(List.of(MultiaddrProtocol.WSS))
                || shape.equals(List.of(MultiaddrProtocol.TLS, MultiaddrProtocol.WS))) {
            secure = true;
        } else if (shape.equals(List.of(MultiaddrProtocol.TLS, MultiaddrProtocol.SNI, MultiaddrProtocol.WS))) {
            secure = true;
            sni = rest.get(1).valueString();
        } else {
            return null;
        }
        List<Multiaddr.Component> under = new ArrayList<>(cs.subList(0, 2));
        if (peer != null) {
            under.add(peer);
        }
        return new Parsed(Multiaddr.of(under), secure, sni);
    }

    /** True when {@code addr} is a WebSocket address, plain or secure, optionally with a trailing /p2p. */
    public static boolean isWebSocket(Multiaddr addr) {
        return parse(addr) != null;
    }

    /** {@code addr} with {@code suffix} appended. */
    private static Multiaddr with(Multiaddr addr, String suffix) {
        return addr.encapsulate(Multiaddr.parse(suffix));
    }

    /**
     * Starts listening on a {@code /ip4|ip6/…/tcp/N/ws} address; each accepted connection's opening handshake runs
     * at its first read or write.
     *
     * @throws IllegalArgumentException the address is not a plain WebSocket listen address
     */
    public TcpTransport.Listener listen(Multiaddr addr, Handler handler) throws IOException {
        Objects.requireNonNull(handler, "handler");
        Parsed p = parse(addr);
        if (p == null || p.secure()) {
            throw new IllegalArgumentException(p == null ? "not a WebSocket multiaddr: " + addr
                    : "listening with TLS is not supported (put a TLS proxy in front of a /ws listener): " + addr);
        }
        TcpTransport.Listener l = tcp.listen(p.tcp(), c -> handler.handle(WebSocketConnection.server(c,
                with(c.remoteMultiaddr(), "/ws").toString(), with(c.localMultiaddr(), "/ws").toString())), false);
        Multiaddr bound = with(l.listenAddress(), "/ws");
        return new TcpTransport.Listener() {
            @Override
            public Multiaddr listenAddress() {
                return bound;
            }

            @Override
            public void close() {
                l.close();
            }

            @Override
            public String toString() {
                return "WebSocketListener[" + bound + "]";
            }
        };
    }

    /** Handles one accepted WebSocket connection (its handshake still to come). */
    @FunctionalInterface
    public interface Handler {
        void handle(WebSocketConnection connection) throws Exception;
    }

    /**
     * Connects to a WebSocket address and performs the TLS handshake (for the secure forms) and the opening
     * handshake, all within {@code timeout}.
     *
     * @throws IllegalArgumentException the address is not a dialable WebSocket address
     * @throws IOException the connection or a handshake failed (a certificate not trusted for the name included)
     */
    public WebSocketConnection dial(Multiaddr addr, Duration timeout, Predicate<InetAddress> allowed)
            throws IOException {
        Parsed p = parse(addr);
        if (p == null) {
            throw new IllegalArgumentException("not a WebSocket multiaddr: " + addr);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        TcpConnection c = tcp.dial(p.tcp(), timeout, allowed, false); // from an ephemeral port, as go-libp2p's
        Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
        AtomicBoolean fired = new AtomicBoolean();
        TcpConnection[] current = {c};
        // the handshakes' reads have no timeout of their own: a server that never answers is cut off
        Thread watchdog = Thread.ofVirtual().name("ws-handshake " + addr).start(() -> {
            try {
                Thread.sleep(left);
                fired.set(true);
                current[0].reset();
                c.reset();
            } catch (InterruptedException e) {
                // the handshakes finished in time
            }
        });
        try {
            String host = hostName(addr, p);
            TcpConnection under = c;
            String suffix = "/ws";
            if (p.secure()) {
                under = overTls(c, host, port(addr));
                current[0] = under;
                suffix = p.sni() != null ? "/tls/sni/" + p.sni() + "/ws" : "/tls/ws";
            }
            return WebSocketConnection.client(under, hostHeader(addr, host),
                    with(c.remoteMultiaddr(), suffix).toString(), with(c.localMultiaddr(), suffix).toString(), random);
        } catch (IOException | RuntimeException e) {
            current[0].reset();
            c.reset();
            if (fired.get()) {
                throw new SocketTimeoutException("WebSocket handshake with " + addr + " did not finish within "
                        + timeout);
            }
            throw e;
        } finally {
            watchdog.interrupt();
        }
    }

    /** TLS over {@code c}'s socket, the certificate checked for {@code host}; the handshake done. */
    private TcpConnection overTls(TcpConnection c, String host, int port) throws IOException {
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(c.socket(), host, port, true);
        SSLParameters params = s.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
        if (!isIpLiteral(host)) {
            params.setServerNames(List.of(new SNIHostName(host)));
        }
        params.setApplicationProtocols(new String[] {"http/1.1"});
        s.setSSLParameters(params);
        s.startHandshake();
        return new TcpConnection(s);
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch));
    }

    /** The name TLS checks and the {@code Host} header names: the sni name, else the address's host. */
    private static String hostName(Multiaddr addr, Parsed p) {
        return p.sni() != null ? p.sni() : addr.components().get(0).valueString();
    }

    private static int port(Multiaddr addr) {
        return Integer.parseInt(addr.components().get(1).valueString());
    }

    /** The {@code Host} header of a dial: the name or address as a URL would write it, and the port. */
    static String hostHeader(Multiaddr addr) {
        return hostHeader(addr, addr.components().get(0).valueString());
    }

    private static String hostHeader(Multiaddr addr, String host) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port(addr);
    }
}
