package dev.ferry.net.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Multiaddr;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TcpTransportTest {
    private final TcpTransport tcp = new TcpTransport();

    private static void echo(TcpConnection c) throws IOException {
        byte[] buf = new byte[8192];
        for (int n; (n = c.in().read(buf)) >= 0; ) {
            c.out().write(buf, 0, n);
            c.out().flush();
        }
        c.closeWrite();
    }

    @Test
    void listenOnPortZeroDialAndEcho() throws Exception {
        try (TcpTransport.Listener l = tcp.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), TcpTransportTest::echo)) {
            Multiaddr addr = l.listenAddress();
            assertThat(addr.toString()).startsWith("/ip4/127.0.0.1/tcp/");
            assertThat(Integer.parseInt(addr.valueOf("tcp").orElseThrow())).isPositive();
            try (TcpConnection c = tcp.dial(addr)) {
                assertThat(c.remoteMultiaddr()).isEqualTo(addr);
                assertThat(c.localAddress()).startsWith("/ip4/127.0.0.1/tcp/");
                byte[] data = new byte[1 << 20];
                new Random(3).nextBytes(data);
                CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
                    try {
                        return c.in().readAllBytes();
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                }, r -> Thread.ofVirtual().start(r));
                c.out().write(data);
                c.closeWrite(); // flushes, then FIN: the echo side reads EOF and closes its side
                assertThat(back.get(10, TimeUnit.SECONDS)).isEqualTo(data);
            }
        }
    }

    @Test
    void outputIsBufferedUntilFlush() throws Exception {
        LinkedBlockingQueue<TcpConnection> accepted = new LinkedBlockingQueue<>();
        try (TcpTransport.Listener l = tcp.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), accepted::add);
                TcpConnection c = tcp.dial(l.listenAddress())) {
            TcpConnection s = accepted.poll(5, TimeUnit.SECONDS);
            c.out().write(new byte[] {1, 2, 3});
            assertThat(s.in().available()).isZero();
            c.out().flush();
            assertThat(s.in().readNBytes(3)).containsExactly(1, 2, 3);
            assertThat(s.remoteMultiaddr()).isEqualTo(c.localMultiaddr());
            s.close();
        }
    }

    @Test
    void dialAcceptsDnsAndPeerIdSuffix() throws Exception {
        try (TcpTransport.Listener l = tcp.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), TcpTransportTest::echo)) {
            String port = l.listenAddress().valueOf("tcp").orElseThrow();
            Multiaddr viaDns = Multiaddr.parse("/dns4/localhost/tcp/" + port
                    + "/p2p/QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
            assertThat(TcpTransport.canDial(viaDns)).isTrue();
            try (TcpConnection c = tcp.dial(viaDns)) {
                c.out().write(42);
                c.out().flush();
                assertThat(c.in().read()).isEqualTo(42);
            }
        }
    }

    @Test
    void unsupportedAddressesAreRefused() {
        for (String a : new String[] {"/ip4/127.0.0.1/udp/4001", "/ip4/127.0.0.1", "/dns4/localhost/tcp/0",
                "/ip4/127.0.0.1/tcp/1/ws", "/unix/tmp/x"}) {
            assertThat(TcpTransport.canDial(Multiaddr.parse(a))).as(a).isFalse();
            assertThatThrownBy(() -> tcp.dial(Multiaddr.parse(a))).as(a).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> tcp.listen(Multiaddr.parse("/dns4/localhost/tcp/0"), c -> {}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resetFailsThePeer() throws Exception {
        LinkedBlockingQueue<TcpConnection> accepted = new LinkedBlockingQueue<>();
        try (TcpTransport.Listener l = tcp.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), accepted::add)) {
            TcpConnection c = tcp.dial(l.listenAddress());
            TcpConnection s = accepted.poll(5, TimeUnit.SECONDS);
            c.reset();
            assertThatThrownBy(() -> {
                // a reset shows as an error, or as EOF on some stacks; either way no data arrives
                if (s.in().read() == -1) {
                    throw new IOException("eof");
                }
            }).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> c.in().read()).isInstanceOf(IOException.class);
            s.close();
        }
    }

    @Test
    void closeUnblocksAReaderOnAnotherThread() throws Exception {
        LinkedBlockingQueue<TcpConnection> accepted = new LinkedBlockingQueue<>();
        try (TcpTransport.Listener l = tcp.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), accepted::add)) {
            TcpConnection c = tcp.dial(l.listenAddress());
            CompletableFuture<Integer> read = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    read.complete(c.in().read());
                } catch (IOException e) {
                    read.completeExceptionally(e);
                }
            });
            c.close();
            assertThat(read).failsWithin(5, TimeUnit.SECONDS);
            accepted.poll(5, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void handlerFailureClosesTheConnection() throws Exception {
        try (TcpTransport.Listener l = tcp.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), c -> {
            throw new IllegalStateException("no");
        })) {
            // the reset may even beat the dialer's socket setup; either way no byte ever arrives
            assertThatThrownBy(() -> {
                try (TcpConnection c = tcp.dial(l.listenAddress())) {
                    if (c.in().read() == -1) {
                        throw new IOException("eof");
                    }
                }
            }).isInstanceOf(IOException.class);
        }
    }

    @Test
    void ipv6Loopback() throws Exception {
        TcpTransport.Listener l;
        try {
            l = tcp.listen(Multiaddr.parse("/ip6/::1/tcp/0"), TcpTransportTest::echo);
        } catch (IOException noIpv6) {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here");
            return;
        }
        try (l; TcpConnection c = tcp.dial(l.listenAddress())) {
            assertThat(l.listenAddress().toString()).startsWith("/ip6/");
            c.out().write(9);
            c.out().flush();
            assertThat(c.in().read()).isEqualTo(9);
        }
    }
}
