package dev.ferry.net.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.multistream.Multistream;
import dev.ferry.net.security.noise.NoiseConfig;
import dev.ferry.net.security.noise.NoiseSecurity;
import dev.ferry.net.security.noise.NoiseSession;
import dev.ferry.net.transport.DuplexStream;
import dev.ferry.net.transport.TcpTransport;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Early muxer negotiation in Noise against js-libp2p 3 ({@code @chainsafe/libp2p-noise} 17, which lists its muxers
 * in the payload extensions in both roles and starts the muxer found there without multistream): each side dials
 * the other on a fresh connection and neither runs the multistream round for {@code /yamux/1.0.0}; against a Noise
 * peer that lists no muxer, js falls back to the round.
 */
@Tag("interop")
@Timeout(100)
class NoiseEarlyMuxerInteropTest {
    static final String YAMUX = "/yamux/1.0.0";
    static TestHosts hosts;
    static JsPeer js;
    static PeerId jsPeer;

    @BeforeAll
    static void start() throws Exception {
        hosts = new TestHosts();
        js = new JsPeer();
        jsPeer = PeerId.parse(js.peerId);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (js != null) {
                js.close();
            }
        } finally {
            if (hosts != null) {
                hosts.close();
            }
        }
    }

    @Test
    void ferryDialsJsAndNeitherRunsTheMuxerRound() throws Exception {
        Host ferry = hosts.start(HostTlsTest.NOISE_ONLY);
        Connection c = ferry.connect(Multiaddr.parse(js.address));
        assertThat(c.usedEarlyMuxerNegotiation()).isTrue();
        // js started yamux at once too: had it waited for a multistream header, no stream would open
        try (NegotiatedStream s = ferry.newStream(jsPeer, Libp2pInteropTest.ECHO)) {
            s.out().write(new byte[] {1, 2, 3});
            s.closeWrite();
            assertThat(s.in().readAllBytes()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void jsDialsFerryAndNeitherRunsTheMuxerRound() throws Exception {
        Host ferry = hosts.start(HostTlsTest.NOISE_ONLY);
        ferry.setHandler(Libp2pInteropTest.ECHO, HostTest::echo);
        String addr = TestHosts.dialable(ferry).toString();
        JsonNode dialed = js.call("dial", Map.of("addr", addr), Duration.ofSeconds(15));
        assertThat(dialed.get("peer").asText()).isEqualTo(ferry.peerId().toString());
        assertThat(dialed.get("upgraded").asBoolean()).as("js reported its upgrade").isTrue();
        assertThat(dialed.get("muxerRound").asBoolean()).isFalse();
        assertThat(dialed.get("muxer").asText()).isEqualTo(YAMUX);
        assertThat(HostEarlyMuxerTest.inbound(ferry, jsPeer).usedEarlyMuxerNegotiation()).isTrue();
        JsonNode echo = js.call("echo", Map.of("addr", addr, "streams", 4, "size", 100_000), Duration.ofSeconds(30));
        assertThat(echo.get("bytes").asLong()).isEqualTo(400_000L);
    }

    /** The control: a Noise listener that lists no muxer gets js's multistream round, which js reports. */
    @Test
    void jsRunsTheMuxerRoundWithANoisePeerThatListsNone() throws Exception {
        Identity id = Identity.generate(new SecureRandom());
        NoiseSecurity plain = new NoiseSecurity(id, NoiseConfig.defaults(), new SecureRandom());
        CompletableFuture<String> round = new CompletableFuture<>();
        TcpTransport.Listener listener = new TcpTransport().listen(TestHosts.LOOPBACK, conn -> {
            try {
                Multistream.handle(conn, Set.of(NoiseSecurity.PROTOCOL_ID));
                NoiseSession s = plain.secureInbound(conn);
                assertThat(s.remoteStreamMuxers()).contains(YAMUX); // js offered it all the same
                round.complete(Multistream.handle(s, Set.of(YAMUX)));
                MuxedConnection muxed = new YamuxAdapter(HostConfig.defaults().yamux()).start(s, false);
                DuplexStream st;
                while ((st = muxed.acceptStream()) != null) {
                    st.reset(); // identify and the like: not served here
                }
            } catch (Throwable e) {
                round.completeExceptionally(e);
                throw e;
            }
        });
        try (listener) {
            String addr = listener.listenAddress() + "/p2p/" + id.peerId();
            JsonNode dialed = js.call("dial", Map.of("addr", addr), Duration.ofSeconds(15));
            assertThat(dialed.get("peer").asText()).isEqualTo(id.peerId().toString());
            assertThat(dialed.get("muxerRound").asBoolean()).isTrue();
            assertThat(dialed.get("muxer").asText()).isEqualTo(YAMUX);
            assertThat(round.get(10, TimeUnit.SECONDS)).isEqualTo(YAMUX);
        }
    }
}
