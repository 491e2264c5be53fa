package dev.ferry.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.pnet.SwarmKey;
import dev.ferry.net.ping.PingService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ferry's host in a private network (PSK v1) against js-libp2p with {@code @libp2p/pnet}: members of the same network
 * talk both ways; a js peer of another network, or of the public one, gets nowhere in either direction.
 */
@Tag("interop")
@Timeout(120)
class PrivateNetworkInteropTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HostConfig CONFIG = HostConfig.defaults().withUpgradeTimeout(Duration.ofSeconds(5));
    @TempDir
    static Path dir;
    static TestHosts hosts;
    static Host ferry;
    static PingService ping;
    static JsPeer member;
    static JsPeer otherNetwork;
    static JsPeer publicPeer;
    static String ferryAddr;

    @BeforeAll
    static void start() throws Exception {
        SwarmKey key = SwarmKey.generate(RANDOM);
        Path keyFile = Files.writeString(dir.resolve("swarm.key"), key.encode()); // js reads ferry's file form
        Path otherFile = Files.writeString(dir.resolve("other.key"), SwarmKey.generate(RANDOM).encode());
        hosts = new TestHosts();
        ferry = hosts.start(CONFIG.withPrivateNetwork(SwarmKey.read(keyFile)));
        ping = PingService.install(ferry);
        ferry.setHandler(Libp2pInteropTest.ECHO, HostTest::echo);
        ferryAddr = TestHosts.dialable(ferry).toString();
        member = new JsPeer(keyFile);
        otherNetwork = new JsPeer(otherFile);
        publicPeer = new JsPeer();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            for (JsPeer p : new JsPeer[] {member, otherNetwork, publicPeer}) {
                if (p != null) {
                    p.close();
                }
            }
        } finally {
            if (hosts != null) {
                hosts.close();
            }
        }
    }

    @Test
    void membersPingAndEchoBothWays() throws Exception {
        PeerId js = PeerId.parse(member.peerId);
        ferry.connect(Multiaddr.parse(member.address));
        assertThat(ping.ping(js)).isPositive().isLessThan(Duration.ofSeconds(5));
        JsonNode r = member.call("ping", Map.of("addr", ferryAddr), Duration.ofSeconds(20));
        assertThat(r.get("rtt").asDouble()).isGreaterThanOrEqualTo(0).isLessThan(5000);

        // js -> ferry: 8 streams of 1 MiB echoed, every byte compared by the js side
        JsonNode echo = member.call("echo", Map.of("addr", ferryAddr, "streams", 8, "size", Libp2pInteropTest.MIB),
                Duration.ofSeconds(60));
        assertThat(echo.get("bytes").asLong()).isEqualTo(8L * Libp2pInteropTest.MIB);

        // ferry -> js: 16 MiB into the js sink, which answers the sha256 and count of what it read
        try (NegotiatedStream s = ferry.newStream(js, Libp2pInteropTest.SINK)) {
            long size = 16L * Libp2pInteropTest.MIB;
            byte[] sent = Libp2pInteropTest.send(s.out(), size, new AtomicLong());
            s.closeWrite();
            byte[] reply = s.in().readAllBytes();
            assertThat(HexFormat.of().formatHex(reply, 0, 32)).isEqualTo(HexFormat.of().formatHex(sent));
            assertThat(java.nio.ByteBuffer.wrap(reply, 32, 8).getLong()).isEqualTo(size);
        }
    }

    @Test
    void outsidersGetNowhereEitherWayAndMembersAreStillServed() throws Exception {
        for (JsPeer outsider : new JsPeer[] {otherNetwork, publicPeer}) {
            assertThatThrownBy(() -> ferry.connect(Multiaddr.parse(outsider.address)))
                    .isInstanceOf(IOException.class).hasMessageContaining("private network");
            assertThatThrownBy(() -> outsider.call("ping", Map.of("addr", ferryAddr), Duration.ofSeconds(40)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("js peer failed 'ping'");
            assertThat(ferry.isConnected(PeerId.parse(outsider.peerId))).isFalse();
        }
        JsonNode r = member.call("ping", Map.of("addr", ferryAddr), Duration.ofSeconds(20));
        assertThat(r.get("rtt").asDouble()).isGreaterThanOrEqualTo(0).isLessThan(5000);
    }
}
