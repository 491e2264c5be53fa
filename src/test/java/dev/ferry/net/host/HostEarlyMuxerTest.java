package dev.ferry.net.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.net.multistream.Multistream;
import dev.ferry.net.security.noise.NoiseConfig;
import dev.ferry.net.security.noise.NoiseSecurity;
import dev.ferry.net.security.noise.NoiseSession;
import dev.ferry.net.transport.DuplexStream;
import dev.ferry.net.transport.TcpConnection;
import dev.ferry.net.transport.TcpTransport;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The muxer agreed inside the security handshake (Noise payload extensions, TLS ALPN) spares its multistream round;
 * a peer that offers no muxer there still gets the round.
 */
@Timeout(60)
class HostEarlyMuxerTest {
    static final String YAMUX = "/yamux/1.0.0";
    final TestHosts hosts = new TestHosts();
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        hosts.close();
    }

    @Test
    void noiseHostsAgreeOnYamuxInTheHandshakeOnBothEnds() throws Exception {
        bothEndsAgreeEarly(HostTlsTest.NOISE_ONLY);
    }

    @Test
    void tlsHostsAgreeOnYamuxInTheHandshakeOnBothEnds() throws Exception {
        bothEndsAgreeEarly(HostTlsTest.TLS_ONLY);
    }

    private void bothEndsAgreeEarly(HostConfig config) throws Exception {
        Host a = hosts.start(config);
        Host b = hosts.start(config);
        b.setHandler(HostTest.ECHO, HostTest::echo);
        Connection out = a.connect(TestHosts.dialable(b));
        assertThat(out.usedEarlyMuxerNegotiation()).isTrue();
        HostTlsTest.echoChecked(a, b, 300_000, 7);
        assertThat(inbound(b, a.peerId()).usedEarlyMuxerNegotiation()).isTrue();
    }

    @Test
    void aNoiseListenerWithoutMuxersGetsTheMultistreamRound() throws Exception {
        Identity id = Identity.generate(new SecureRandom());
        NoiseSecurity plain = new NoiseSecurity(id, NoiseConfig.defaults(), new SecureRandom());
        CompletableFuture<String> proposed = new CompletableFuture<>();
        TcpTransport.Listener listener = new TcpTransport().listen(TestHosts.LOOPBACK, conn -> {
            try {
                Multistream.handle(conn, Set.of(NoiseSecurity.PROTOCOL_ID));
                NoiseSession s = plain.secureInbound(conn);
                assertThat(s.remoteStreamMuxers()).containsExactly(YAMUX); // the host offered it all the same
                proposed.complete(Multistream.handle(s, Set.of(YAMUX)));
                MuxedConnection muxed = new YamuxAdapter(HostConfig.defaults().yamux()).start(s, false);
                DuplexStream st = muxed.acceptStream();
                Multistream.handle(st, Set.of(HostTest.ECHO));
                st.out().write(st.in().readAllBytes());
                st.closeWrite();
            } catch (Throwable e) {
                proposed.completeExceptionally(e);
                throw e;
            }
        });
        open.add(listener);
        Host host = hosts.start();
        PeerId peer = id.peerId();
        Connection c = host.connect(listener.listenAddress().encapsulate("/p2p/" + peer));
        assertThat(proposed.get(10, TimeUnit.SECONDS)).isEqualTo(YAMUX);
        assertThat(c.usedEarlyMuxerNegotiation()).isFalse();
        try (NegotiatedStream s = host.newStream(peer, HostTest.ECHO)) {
            s.out().write(new byte[] {1, 2, 3});
            s.closeWrite();
            assertThat(s.in().readAllBytes()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void aNoiseDialerWithoutMuxersGetsTheMultistreamRound() throws Exception {
        Host host = hosts.start();
        host.setHandler(HostTest.ECHO, HostTest::echo);
        Identity id = Identity.generate(new SecureRandom());
        NoiseSecurity plain = new NoiseSecurity(id, NoiseConfig.defaults(), new SecureRandom());
        TcpConnection conn = new TcpTransport().dial(host.listenAddresses().getFirst());
        open.add(conn);
        assertThat(Multistream.select(conn, List.of(NoiseSecurity.PROTOCOL_ID))).isEqualTo(NoiseSecurity.PROTOCOL_ID);
        NoiseSession s = plain.secureOutbound(conn, host.peerId());
        assertThat(s.remoteStreamMuxers()).containsExactly(YAMUX);
        assertThat(s.earlyMuxer()).isEmpty();
        assertThat(Multistream.select(s, List.of(YAMUX))).isEqualTo(YAMUX); // the host answers the round
        MuxedConnection muxed = new YamuxAdapter(HostConfig.defaults().yamux()).start(s, true);
        open.add(muxed::close);
        DuplexStream st = muxed.openStream();
        Multistream.select(st, List.of(HostTest.ECHO));
        st.out().write(new byte[] {4, 5, 6});
        st.closeWrite();
        assertThat(st.in().readAllBytes()).containsExactly(4, 5, 6);
        assertThat(inbound(host, id.peerId()).usedEarlyMuxerNegotiation()).isFalse();
    }

    /** The accepting side registers its connection on its own thread: wait for it, bounded. */
    static Connection inbound(Host h, PeerId peer) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<Connection> list = h.connectionManager().connections(peer);
            if (!list.isEmpty()) {
                return list.getFirst();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no inbound connection from " + peer);
    }
}
