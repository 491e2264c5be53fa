package dev.ferry.net.transport;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiaddrProtocol;
import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * libp2p's WebSocket transport: {@code /ip4|ip6/<addr>/tcp/<port>/ws} to listen, plus the dns forms and a trailing
 * {@code /p2p/<id>} to dial; each connection is a {@link WebSocketConnection} over a {@link TcpConnection}, carrying
 * the same upgrade (multistream, Noise, Yamux) as plain TCP. Browsers and js-libp2p reach a node this way (a reverse
 * proxy in front can add TLS for {@code /wss}). Dialling {@code /wss} or {@code /tls/ws} is not supported.
 */
public final class WebSocketTransport {
    private final TcpTransport tcp;
    private final SecureRandom random = new SecureRandom();

    public WebSocketTransport(TcpTransport tcp) {
        this.tcp = Objects.requireNonNull(tcp, "tcp");
    }

    /** True when {@code addr} is a WebSocket address ({@code .../tcp/N/ws}, optionally with a trailing /p2p). */
    public static boolean isWebSocket(Multiaddr addr) {
        List<Multiaddr.Component> cs = addr.components();
        int n = cs.size();
        if (n > 0 && cs.get(n - 1).protocol() == MultiaddrProtocol.P2P) {
            n--;
        }
        return n == 3 && cs.get(1).protocol() == MultiaddrProtocol.TCP && cs.get(2).protocol() == MultiaddrProtocol.WS;
    }

    /** The TCP address under a WebSocket address ({@code /ws} removed, a trailing /p2p kept). */
    static Multiaddr tcpPart(Multiaddr addr) {
        if (!isWebSocket(addr)) {
            throw new IllegalArgumentException("not a WebSocket multiaddr: " + addr);
        }
        List<Multiaddr.Component> cs = new ArrayList<>(addr.components());
        cs.remove(2);
        return Multiaddr.of(cs);
    }

    /** {@code addr} with {@code /ws} appended. */
    static Multiaddr withWs(Multiaddr addr) {
        return addr.encapsulate(Multiaddr.parse("/ws"));
    }

    /**
     * Starts listening on a {@code /ip4|ip6/…/tcp/N/ws} address; each accepted connection's opening handshake runs
     * at its first read or write.
     *
     * @throws IllegalArgumentException the address is not a WebSocket listen address
     */
    public TcpTransport.Listener listen(Multiaddr addr, Handler handler) throws IOException {
        Objects.requireNonNull(handler, "handler");
        TcpTransport.Listener l = tcp.listen(tcpPart(addr), c -> handler.handle(WebSocketConnection.server(c,
                withWs(c.remoteMultiaddr()).toString(), withWs(c.localMultiaddr()).toString())));
        Multiaddr bound = withWs(l.listenAddress());
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
     * Connects to a WebSocket address and performs the opening handshake, both within {@code timeout}.
     *
     * @throws IllegalArgumentException the address is not a dialable WebSocket address
     * @throws IOException the connection or the handshake failed
     */
    public WebSocketConnection dial(Multiaddr addr, Duration timeout, Predicate<InetAddress> allowed)
            throws IOException {
        Multiaddr under = tcpPart(addr);
        long deadline = System.nanoTime() + timeout.toNanos();
        TcpConnection c = tcp.dial(under, timeout, allowed);
        Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
        // the handshake's reads have no timeout of their own: a server that never answers is cut off
        java.util.concurrent.atomic.AtomicBoolean fired = new java.util.concurrent.atomic.AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().name("ws-handshake " + addr).start(() -> {
            try {
                Thread.sleep(left);
                fired.set(true);
                c.reset();
            } catch (InterruptedException e) {
                // the handshake finished in time
            }
        });
        try {
            return WebSocketConnection.client(c, hostHeader(addr), withWs(c.remoteMultiaddr()).toString(),
                    withWs(c.localMultiaddr()).toString(), random);
        } catch (IOException | RuntimeException e) {
            c.reset();
            if (fired.get()) {
                throw new java.net.SocketTimeoutException("WebSocket handshake with " + addr + " did not finish within "
                        + timeout);
            }
            throw e;
        } finally {
            watchdog.interrupt();
        }
    }

    /** The {@code Host} header of a dial: the name or address as the URL would write it, and the port. */
    static String hostHeader(Multiaddr addr) {
        List<Multiaddr.Component> cs = addr.components();
        String host = cs.get(0).valueString();
        if (cs.get(0).protocol() == MultiaddrProtocol.IP6) {
            host = "[" + host + "]";
        }
        return host + ":" + cs.get(1).valueString();
    }
}
