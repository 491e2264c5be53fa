package dev.ferry.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.security.PeerMismatch;
import dev.ferry.net.transport.DuplexStream;
import dev.ferry.net.transport.TcpConnection;
import dev.ferry.net.transport.TcpTransport;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A TCP simultaneous open as each host sees it: both dialled, and both dials got the same connection (here one loopback
 * connection whose two ends the hosts' transports hand out). The roles decide who initiates the upgrade.
 */
@Timeout(30)
class HostHandshakeRoleTest {
    private static final String ECHO = "/test/echo/1";
    private static final Multiaddr SOMEWHERE = Multiaddr.parse("/ip4/127.0.0.1/tcp/9");
    private final SecureRandom random = new SecureRandom();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    /** Hands out one end of a connection made beforehand, whatever address is dialled. */
    private record OneEnd(DuplexStream end) implements HostTransport {
        @Override
        public Listener listen(Multiaddr address, Consumer<DuplexStream> onAccept) throws IOException {
            throw new IOException("no listening here");
        }

        @Override
        public DuplexStream dial(Multiaddr address, Duration timeout, Predicate<Multiaddr> blocked) {
            return end;
        }
    }

    private Host[] pair(HostConfig config) throws Exception {
        TcpTransport tcp = new TcpTransport();
        LinkedBlockingQueue<TcpConnection> accepted = new LinkedBlockingQueue<>();
        TcpTransport.Listener l = tcp.listen(TestHosts.LOOPBACK, accepted::add);
        open.add(l);
        TcpConnection dialled = tcp.dial(l.listenAddress());
        TcpConnection other = accepted.poll(5, TimeUnit.SECONDS);
        Host a = host(config, dialled);
        Host b = host(config, other);
        return new Host[] {a, b};
    }

    private Host host(HostConfig config, DuplexStream end) {
        Host h = new Host(Identity.generate(random), config, random, InstantSource.system(), new OneEnd(end),
                new YamuxAdapter(config.yamux()));
        h.setHandler(ECHO, s -> s.in().transferTo(s.out()));
        open.add(h);
        return h;
    }

    private static CompletableFuture<Connection> dial(Host from, PeerId to, HandshakeRole role) {
        CompletableFuture<Connection> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                f.complete(from.connectDirect(to, List.of(SOMEWHERE), role));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private static String echo(Connection c, String text) throws IOException {
        try (NegotiatedStream s = c.newStream(ECHO)) {
            s.out().write(text.getBytes(StandardCharsets.UTF_8));
            s.closeWrite();
            return new String(s.in().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Throwable failure(CompletableFuture<Connection> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
            throw new AssertionError("the upgrade succeeded");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void theDiallingResponderAndTheInitiatorShareOneConnectionWithStreamsBothWays() throws Exception {
        Host[] h = pair(HostConfig.defaults());
        Host a = h[0];
        Host b = h[1];
        // A dialled it but answers the handshake; B is the hole punch's initiator
        CompletableFuture<Connection> atA = dial(a, b.peerId(), HandshakeRole.RESPONDER);
        CompletableFuture<Connection> atB = dial(b, a.peerId(), HandshakeRole.INITIATOR);
        Connection ca = atA.get(10, TimeUnit.SECONDS);
        Connection cb = atB.get(10, TimeUnit.SECONDS);
        assertThat(ca.remotePeer()).isEqualTo(b.peerId());
        assertThat(cb.remotePeer()).isEqualTo(a.peerId());
        assertThat(ca.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(cb.direction()).isEqualTo(Direction.OUTBOUND);

        // streams opened from both sides at once: Yamux ids of one parity each, so none collide
        List<CompletableFuture<String>> echoes = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Connection from = i % 2 == 0 ? ca : cb;
            String text = "stream " + i;
            CompletableFuture<String> f = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    f.complete(echo(from, text));
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                }
            });
            echoes.add(f);
        }
        for (int i = 0; i < echoes.size(); i++) {
            assertThat(echoes.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("stream " + i);
        }
        assertThat(a.connections(b.peerId())).containsExactly(ca);
        assertThat(b.connections(a.peerId())).containsExactly(cb);
    }

    @Test
    void twoRespondersWaitAndFailAtTheUpgradeTimeoutWithAClearError() throws Exception {
        Host[] h = pair(HostConfig.defaults().withUpgradeTimeout(Duration.ofSeconds(1)));
        long start = System.nanoTime();
        CompletableFuture<Connection> atA = dial(h[0], h[1].peerId(), HandshakeRole.RESPONDER);
        CompletableFuture<Connection> atB = dial(h[1], h[0].peerId(), HandshakeRole.RESPONDER);
        assertThat(failure(atA)).isInstanceOf(SocketTimeoutException.class)
                .hasMessageContaining("as the responder of a outbound connection");
        assertThat(failure(atB)).isInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(h[0].connections(h[1].peerId())).isEmpty();
    }

    @Test
    void aRespondersDialThatMeetsAListenerGivesUpOnceThePeersDialIsIn() throws Exception {
        try (TestHosts hosts = new TestHosts()) {
            Host a = hosts.start();
            Host b = hosts.start();
            long start = System.nanoTime();
            // A's dial lands in B's listener, which answers as a responder too: nobody speaks first
            CompletableFuture<Connection> atA = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    atA.complete(a.connectDirect(b.peerId(), b.listenAddresses(), HandshakeRole.RESPONDER));
                } catch (Throwable e) {
                    atA.completeExceptionally(e);
                }
            });
            Thread.sleep(300);
            assertThat(atA).isNotDone();
            Connection fromB = b.connect(TestHosts.dialable(a)); // the initiator's dial
            Connection c = atA.get(5, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(a.config().upgradeTimeout());
            assertThat(c.direction()).isEqualTo(Direction.INBOUND);
            assertThat(c.remotePeer()).isEqualTo(b.peerId());
            assertThat(fromB.isOpen()).isTrue();
            assertThat(a.connections(b.peerId())).containsExactly(c);
        }
    }

    @Test
    void twoInitiatorsFailCleanly() throws Exception {
        Host[] h = pair(HostConfig.defaults().withUpgradeTimeout(Duration.ofSeconds(2)));
        long start = System.nanoTime();
        CompletableFuture<Connection> atA = dial(h[0], h[1].peerId(), HandshakeRole.INITIATOR);
        CompletableFuture<Connection> atB = dial(h[1], h[0].peerId(), HandshakeRole.INITIATOR);
        assertThat(failure(atA)).isInstanceOf(IOException.class);
        assertThat(failure(atB)).isInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
        assertThat(h[0].connections(h[1].peerId())).isEmpty();
        assertThat(h[1].connections(h[0].peerId())).isEmpty();
    }

    @Test
    void aResponderChecksThePeerItDialled() throws Exception {
        Host[] h = pair(HostConfig.defaults());
        PeerId someoneElse = Identity.generate(random).peerId();
        CompletableFuture<Connection> atA = dial(h[0], someoneElse, HandshakeRole.RESPONDER);
        CompletableFuture<Connection> atB = dial(h[1], h[0].peerId(), HandshakeRole.INITIATOR);
        Throwable e = failure(atA);
        assertThat(e).isInstanceOf(PeerMismatch.class).hasMessageContaining(someoneElse.toString());
        assertThat(((PeerMismatch) e).actual()).isEqualTo(h[1].peerId());
        // B's handshake may end before A's check: its connection then dies with A's reset
        try {
            Connection cb = atB.get(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (cb.isOpen() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(cb.isOpen()).isFalse();
        } catch (ExecutionException expected) {
            assertThat(expected.getCause()).isInstanceOf(IOException.class);
        }
        assertThat(h[0].connections(h[1].peerId())).isEmpty();
    }
}
