package dev.ferry.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.JsPeer;
import dev.ferry.net.host.TestHosts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Stream mounting against js-libp2p 3 (interop/p2p/peer.mjs): a tunnel in each direction. */
@Tag("interop")
@Timeout(100)
class StreamMountingInteropTest {
    private static final int SIZE = 2 * 1024 * 1024 + 11;

    @Test
    void aJsPeerReachesTheTcpTargetOfAFerryListener() throws Exception {
        try (TestHosts hosts = new TestHosts(); TcpEchoServer echo = new TcpEchoServer(false);
                JsPeer js = new JsPeer("p2p/peer.mjs", Map.of())) {
            Host host = hosts.start();
            try (StreamMounting mounting = new StreamMounting(host)) {
                mounting.listen("/x/ferry-echo", echo.address(), false, false);
                JsonNode r = js.call("exchange", Map.of("addr", TestHosts.dialable(host).toString(),
                        "protocol", "/x/ferry-echo", "size", SIZE, "seed", 3), Duration.ofSeconds(60));
                assertThat(r.get("received").asLong()).isEqualTo(SIZE);
                assertThat(r.get("receivedSha256").asText()).isEqualTo(r.get("sentSha256").asText());
                assertThat(echo.accepted).hasSize(1);
            }
        }
    }

    @Test
    void ferryForwardsATcpConnectionToAJsPeerService() throws Exception {
        try (TestHosts hosts = new TestHosts(); JsPeer js = new JsPeer("p2p/peer.mjs", Map.of())) {
            Host host = hosts.start();
            try (StreamMounting mounting = new StreamMounting(host)) {
                Multiaddr target = Multiaddr.parse(js.address);
                PortForwarder f = mounting.forward("/x/echo", Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), target, false);
                InetSocketAddress port = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        Integer.parseInt(f.listenAddress().valueOf("tcp").orElseThrow()));
                byte[][] digests = TunnelClient.roundTrip(port, SIZE, 4);
                assertThat(digests[1]).isEqualTo(digests[0]);
                assertThat(f.targetAddress().toString()).isEqualTo("/p2p/" + js.peerId);
            }
        }
    }
}
