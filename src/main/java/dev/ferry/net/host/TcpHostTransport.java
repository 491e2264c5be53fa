package dev.ferry.net.host;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiaddrProtocol;
import dev.ferry.net.transport.DuplexStream;
import dev.ferry.net.transport.TcpTransport;
import java.io.IOException;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** {@link TcpTransport} as the host's transport: {@code /ip4|ip6/…/tcp/N} listening, plus dns forms for dialling. */
final class TcpHostTransport implements HostTransport {
    private final TcpTransport tcp = new TcpTransport();

    @Override
    public Listener listen(Multiaddr address, Consumer<DuplexStream> onAccept) throws IOException {
        TcpTransport.Listener l;
        try {
            l = tcp.listen(address, onAccept::accept);
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
        try {
            return tcp.dial(address, timeout, ip -> !blocked.test(Multiaddr.of(List.of(new Multiaddr.Component(
                    ip instanceof Inet4Address ? MultiaddrProtocol.IP4 : MultiaddrProtocol.IP6, ip.getAddress())))));
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot dial " + address + ": " + e.getMessage(), e);
        }
    }
}
