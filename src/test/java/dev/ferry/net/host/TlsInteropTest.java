package dev.ferry.net.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.identify.IdentifyService;
import dev.ferry.net.identify.wire.IdentifyMessage;
import dev.ferry.net.ping.PingService;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ferry's libp2p TLS against js-libp2p 3 with {@code @libp2p/tls} (node's TLS 1.3) as its only connection encrypter,
 * over TCP: ferry, TLS only too, and js each dial the other, then ping, identify and bulk streams run over Yamux
 * inside TLS (agreed early through ALPN, both sides offering {@code /yamux/1.0.0}).
 */
@Tag("interop")
@Timeout(100)
class TlsInteropTest {
    static final HostConfig TLS_ONLY = HostConfig.defaults().withTransports(
            EnabledTransports.all().withSecurity(SecurityPreference.of(SecurityTransport.TLS)));
    static Host ferry;
    static IdentifyService identify;
    static PingService ping;
    static JsPeer js;
    static PeerId jsPeer;
    static String ferryAddr;
    static final BlockingQueue<String> sinkDigests = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        ferry = new Host(Identity.generate(new SecureRandom()), TLS_ONLY, new SecureRandom(),
                InstantSource.system());
        identify = IdentifyService.install(ferry);
        ping = PingService.install(ferry);
        ferry.setHandler(Libp2pInteropTest.ECHO, HostTest::echo);
        ferry.setHandler(Libp2pInteropTest.SINK, s -> {
            byte[] reply = Libp2pInteropTest.sink(s.in());
            sinkDigests.add(HexFormat.of().formatHex(reply, 0, 32));
            s.out().write(reply);
            s.closeWrite();
        });
        ferry.start(List.of(TestHosts.LOOPBACK));
        ferryAddr = ferry.listenAddresses().getFirst().encapsulate("/p2p/" + ferry.peerId()).toString();
        js = new JsPeer("libp2p/peer.mjs", Map.of("FERRY_JS_ENCRYPTION", "tls"));
        jsPeer = PeerId.parse(js.peerId);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (js != null) {
                js.close();
            }
        } finally {
            if (ferry != null) {
                ferry.close();
            }
        }
    }

    @Test
    void jsDialsFerryOverTls() throws Exception {
        JsonNode dialed = js.call("dial", Map.of("addr", ferryAddr), Duration.ofSeconds(15));
        assertThat(dialed.get("peer").asText()).isEqualTo(ferry.peerId().toString());
        IdentifyMessage m = identify.awaitIdentified(jsPeer, Duration.ofSeconds(10));
        assertThat(m.agentVersion()).startsWith("js-libp2p/");
        assertThat(js.call("ping", Map.of("addr", ferryAddr), Duration.ofSeconds(10)).get("rtt").asDouble())
                .isGreaterThanOrEqualTo(0);
        // 8 streams of 1 MB each way, then 16 MiB into a sink: many TLS records
        JsonNode echo = js.call("echo", Map.of("addr", ferryAddr, "streams", 8, "size", 1_000_000),
                Duration.ofSeconds(40));
        assertThat(echo.get("bytes").asLong()).isEqualTo(8_000_000L);
        JsonNode sent = js.call("send", Map.of("addr", ferryAddr, "protocol", Libp2pInteropTest.SINK,
                "size", 16 << 20), Duration.ofSeconds(40));
        assertThat(sinkDigests.poll(10, TimeUnit.SECONDS)).isEqualTo(sent.get("sha256").asText());
        assertThat(ferry.connections(jsPeer)).anySatisfy(c -> assertThat(c.direction()).isEqualTo(Direction.INBOUND));
    }

    @Test
    void ferryDialsJsOverTls() throws Exception {
        Host dialer = new Host(Identity.generate(new SecureRandom()), TLS_ONLY, new SecureRandom(),
                InstantSource.system());
        try {
            IdentifyService id = IdentifyService.install(dialer);
            PingService pinger = PingService.install(dialer);
            dialer.start(List.of());
            Connection c = dialer.connect(Multiaddr.parse(js.address));
            assertThat(c.remotePeer()).isEqualTo(jsPeer);
            assertThat(pinger.ping(jsPeer)).isPositive().isLessThan(Duration.ofSeconds(5));
            assertThat(id.awaitIdentified(jsPeer, Duration.ofSeconds(10)).agentVersion()).startsWith("js-libp2p/");
            // a large echo, then a sink
            byte[] data = new byte[4 << 20];
            Libp2pInteropTest.gen(data, 0, data.length, 7);
            try (NegotiatedStream s = dialer.newStream(jsPeer, Libp2pInteropTest.ECHO)) {
                Thread writer = Thread.ofVirtual().start(() -> {
                    try {
                        s.out().write(data);
                        s.closeWrite();
                    } catch (Exception e) {
                        s.reset();
                    }
                });
                byte[] back = s.in().readAllBytes();
                writer.join(10_000);
                assertThat(Arrays.equals(back, data)).as("echo of %d bytes came back equal", data.length).isTrue();
            }
            AtomicLong written = new AtomicLong();
            try (NegotiatedStream s = dialer.newStream(jsPeer, Libp2pInteropTest.SINK)) {
                byte[] digest = Libp2pInteropTest.send(s.out(), 8 << 20, written);
                s.closeWrite();
                byte[] reply = s.in().readAllBytes();
                assertThat(Arrays.copyOf(reply, 32)).isEqualTo(digest);
            }
        } finally {
            dialer.close();
        }
    }
}
