package dev.ferry.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.Identity;
import dev.ferry.multiformats.IpCidr;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.ping.PingService;
import dev.ferry.net.pnet.SwarmKey;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two ferry hosts over the WebSocket transport: plain, inside a private network, filtered, and turned off. */
@Timeout(60)
class HostWebSocketTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final List<Host> hosts = new ArrayList<>();

    private Host start(HostConfig config, String... listen) throws IOException {
        Host h = new Host(Identity.generate(RANDOM), config, RANDOM, InstantSource.system());
        hosts.add(h);
        PingService.install(h);
        h.setHandler(HostTest.ECHO, HostTest::echo);
        h.start(Arrays.stream(listen).map(Multiaddr::parse).toList());
        return h;
    }

    @AfterEach
    void close() {
        hosts.forEach(Host::close);
    }

    private static Multiaddr ws(Host h) {
        return h.listenAddresses().stream().filter(a -> a.toString().endsWith("/ws")).findFirst().orElseThrow()
                .encapsulate("/p2p/" + h.peerId());
    }

    private static void echoStreams(Host from, Host to, int streams, int size) throws Exception {
        List<CompletableFuture<Void>> jobs = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            int seed = i;
            jobs.add(CompletableFuture.runAsync(() -> {
                try (NegotiatedStream s = from.newStream(to.peerId(), HostTest.ECHO)) {
                    byte[] data = new byte[size];
                    new Random(seed).nextBytes(data);
                    CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
                        try {
                            return s.in().readAllBytes();
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    }, r -> Thread.ofVirtual().start(r));
                    s.out().write(data);
                    s.closeWrite();
                    if (!Arrays.equals(back.get(30, TimeUnit.SECONDS), data)) {
                        throw new IllegalStateException("echo " + seed + " differs");
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, r -> Thread.ofVirtual().start(r)));
        }
        for (CompletableFuture<Void> j : jobs) {
            j.get(40, TimeUnit.SECONDS);
        }
    }

    @Test
    void hostsTalkOverWebSocketsBesideTcp() throws Exception {
        Host a = start(HostConfig.defaults(), "/ip4/127.0.0.1/tcp/0", "/ip4/127.0.0.1/tcp/0/ws");
        Host b = start(HostConfig.defaults(), "/ip4/127.0.0.1/tcp/0/ws");
        assertThat(a.listenAddresses()).hasSize(2);
        assertThat(a.announceAddresses()).anySatisfy(m -> assertThat(m.toString()).endsWith("/ws"));
        Connection c = b.connect(ws(a));
        assertThat(c.remoteAddress().orElseThrow().toString()).endsWith("/ws");
        assertThat(PingService.install(b).ping(a.peerId())).isLessThan(Duration.ofSeconds(5));
        echoStreams(b, a, 16, 256 * 1024);
        echoStreams(a, b, 4, 2 << 20);
    }

    @Test
    void aPrivateNetworkRunsOverWebSocketsAndKeepsOutsidersOut() throws Exception {
        SwarmKey key = SwarmKey.generate(RANDOM);
        Host a = start(HostConfig.defaults().withPrivateNetwork(key), "/ip4/127.0.0.1/tcp/0/ws");
        Host b = start(HostConfig.defaults().withPrivateNetwork(key), "/ip4/127.0.0.1/tcp/0/ws");
        Host outsider = start(HostConfig.defaults().withUpgradeTimeout(Duration.ofSeconds(2)),
                "/ip4/127.0.0.1/tcp/0/ws");
        b.connect(ws(a));
        echoStreams(b, a, 4, 1 << 20);
        assertThatThrownBy(() -> outsider.connect(ws(a))).isInstanceOf(IOException.class);
        assertThat(a.isConnected(outsider.peerId())).isFalse();
    }

    @Test
    void filtersAndTheTransportSwitchApplyToWebSocketAddresses() throws Exception {
        Host a = start(HostConfig.defaults(), "/ip4/127.0.0.1/tcp/0/ws");
        Host filtered = start(HostConfig.defaults(), "/ip4/127.0.0.1/tcp/0");
        filtered.addrFilters().add(List.of(IpCidr.parse("/ip4/127.0.0.0/ipcidr/8")));
        assertThatThrownBy(() -> filtered.connect(ws(a))).isInstanceOf(AddressFilteredException.class);

        HostConfig tcpOnly = HostConfig.defaults().withTransports(new EnabledTransports(true, false));
        Host noWs = start(tcpOnly, "/ip4/127.0.0.1/tcp/0");
        assertThatThrownBy(() -> noWs.connect(ws(a))).isInstanceOf(IOException.class)
                .hasMessageContaining("WebSocket transport is disabled");
        Host unstarted = new Host(Identity.generate(RANDOM), tcpOnly, RANDOM, InstantSource.system());
        hosts.add(unstarted);
        assertThatThrownBy(() -> unstarted.start(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0/ws"))))
                .isInstanceOf(IOException.class).hasMessageContaining("Swarm.Transports.Network.Websocket");
        assertThatThrownBy(() -> new EnabledTransports(false, false)).isInstanceOf(IllegalArgumentException.class);
        // a /wss address (TLS) is not one this host can dial
        assertThatThrownBy(() -> a.connect(Multiaddr.parse("/ip4/127.0.0.1/tcp/1/wss/p2p/" + noWs.peerId())))
                .isInstanceOf(IOException.class);
    }
}
