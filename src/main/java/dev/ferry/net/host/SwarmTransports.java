package dev.ferry.net.host;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiaddrProtocol;
import dev.ferry.net.transport.DuplexStream;
import dev.ferry.net.transport.TcpPortReuse;
import dev.ferry.net.transport.TcpTransport;
import dev.ferry.net.transport.WebSocketTransport;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The host's transports: TCP for {@code /ip4|ip6/…/tcp/N} and WebSockets for {@code /ip4|ip6/…/tcp/N/ws} (plus dns
 * forms, and the secure {@code /wss}, {@code /tls/ws} and {@code /tls/sni/NAME/ws}, for dialling), each only when
 * {@link EnabledTransports} allows it.
 */
final class SwarmTransports implements HostTransport {
    private final TcpTransport tcp;
    private final WebSocketTransport ws;
    private final EnabledTransports enabled;

    SwarmTransports(EnabledTransports enabled, TcpPortReuse reuse) {
        this.enabled = Objects.requireNonNull(enabled, "enabled");
        this.tcp = new TcpTransport(Duration.ofSeconds(10), reuse);
        this.ws = new WebSocketTransport(tcp);
    }

    SwarmTransports(EnabledTransports enabled) {
        this(enabled, TcpPortReuse.fromEnvironment());
    }

    /** With {@code tls} for secure WebSocket dials (its trusted roots) instead of the JDK's default. */
    SwarmTransports(EnabledTransports enabled, javax.net.ssl.SSLContext tls) {
        this.enabled = Objects.requireNonNull(enabled, "enabled");
        this.tcp = new TcpTransport(Duration.ofSeconds(10), TcpPortReuse.fromEnvironment());
        this.ws = new WebSocketTransport(tcp, tls);
    }

    @Override
    public Listener listen(Multiaddr address, Consumer<DuplexStream> onAccept) throws IOException {
        boolean isWs = WebSocketTransport.isWebSocket(address);
        checkEnabled(address, isWs, "listen on");
        TcpTransport.Listener l;
        try {
            l = isWs ? ws.listen(address, onAccept::accept) : tcp.listen(address, onAccept::accept);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        return new Listener() {
            @Override
            public Multiaddr address() {
                return l.listenAddress();
            }

            @Override
            public void close() {
                l.close();
            }
        };
    }

    @Override
    public DuplexStream dial(Multiaddr address, Duration timeout, Predicate<Multiaddr> blocked) throws IOException {
        boolean isWs = WebSocketTransport.isWebSocket(address);
        checkEnabled(address, isWs, "dial");
        Predicate<InetAddress> allowed = ip -> !blocked.test(Multiaddr.of(List.of(new Multiaddr.Component(
                ip instanceof Inet4Address ? MultiaddrProtocol.IP4 : MultiaddrProtocol.IP6, ip.getAddress()))));
        try {
            return isWs ? ws.dial(address, timeout, allowed) : tcp.dial(address, timeout, allowed);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot dial " + address + ": " + e.getMessage(), e);
        }
    }

    private void checkEnabled(Multiaddr address, boolean isWs, String what) throws IOException {
        if (isWs && !enabled.websocket()) {
            throw new IOException("cannot " + what + " " + address
                    + ": the WebSocket transport is disabled (Swarm.Transports.Network.Websocket)");
        }
        if (!isWs && !enabled.tcp()) {
            throw new IOException("cannot " + what + " " + address
                    + ": the TCP transport is disabled (Swarm.Transports.Network.TCP)");
        }
    }
}
