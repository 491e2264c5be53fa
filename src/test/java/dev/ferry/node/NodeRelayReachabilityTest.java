package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.autonat.AutonatClient;
import dev.ferry.net.autonat.AutonatConfig;
import dev.ferry.net.autonat.AutonatServer;
import dev.ferry.net.autonat.Reachability;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.TestHosts;
import dev.ferry.net.identify.IdentifyService;
import dev.ferry.net.relay.CircuitAddress;
import dev.ferry.net.relay.RelayLimits;
import dev.ferry.net.relay.RelayService;
import dev.ferry.node.repo.RepoConfig;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With {@code Swarm.RelayService.Enabled} unset the relay service runs only while AutoNAT finds the node public, and
 * autorelay only while it finds it private: the verdicts are driven by real AutoNAT probes against a server on
 * 127.0.0.1 (private addresses allowed, as a closed network would).
 */
@Timeout(60)
class NodeRelayReachabilityTest {
    static final AutonatConfig LOOPBACK = AutonatConfig.defaults().withAllowPrivate(true)
            .withDialTimeout(Duration.ofSeconds(1));
    final TestHosts hosts = new TestHosts();

    @AfterEach
    void close() {
        hosts.close();
    }

    /** Probes {@code server} until the verdict is {@code wanted} (a verdict may need more than one answer). */
    static void probeUntil(AutonatClient autonat, Host server, Reachability wanted) throws Exception {
        for (int i = 0; i < 6 && autonat.status().reachability() != wanted; i++) {
            autonat.probe(server.peerId());
        }
        assertThat(autonat.status().reachability()).isEqualTo(wanted);
    }

    @Test
    void theServiceRunsOnlyWhilePublicAndAutorelayOnlyWhilePrivate() throws Exception {
        Host server = hosts.start();
        IdentifyService.install(server);
        AutonatServer.install(server, LOOPBACK.withThrottle(100, 100, Duration.ofMinutes(1)));
        Host relay = hosts.start();
        IdentifyService.install(relay);
        RelayService.install(relay, RelayLimits.defaults());
        Host host = hosts.start();
        IdentifyService identify = IdentifyService.install(host);
        AutonatClient autonat = AutonatClient.create(host, LOOPBACK);
        RepoConfig cfg = RepoConfig.parse("{\"Swarm\": {}}");
        try (NodeRelay nodeRelay = NodeRelay.install(host, RelaySettings.of(cfg), autonat,
                AutoRelaySettings.of(cfg), HolePunchSettings.enabled(cfg))) {
            nodeRelay.start();
            assertThat(AutoRelaySettings.of(cfg)).isEqualTo(AutoRelaySettings.WHEN_PRIVATE);
            assertThat(nodeRelay.service()).isEmpty(); // unknown: not served
            assertThat(host.protocols()).doesNotContain(RelayService.HOP_PROTOCOL_ID);
            host.connect(TestHosts.dialable(server));
            host.connect(TestHosts.dialable(relay));
            assertThat(identify.awaitPeer(relay.peerId(), p -> p.protocols().contains(RelayService.HOP_PROTOCOL_ID),
                    Duration.ofSeconds(10))).isTrue();

            probeUntil(autonat, server, Reachability.PUBLIC);

            assertThat(nodeRelay.service()).isPresent();
            assertThat(host.protocols()).contains(RelayService.HOP_PROTOCOL_ID);
            assertThat(nodeRelay.autoRelay().orElseThrow().isActive()).isFalse();
            assertThat(host.announceAddresses()).noneMatch(CircuitAddress::isCircuit);

            int closedPort;
            try (ServerSocket ss = new ServerSocket(0)) {
                closedPort = ss.getLocalPort();
            }
            host.setAnnounceAddresses(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + closedPort)));
            probeUntil(autonat, server, Reachability.PRIVATE);

            assertThat(nodeRelay.service()).isEmpty();
            assertThat(host.protocols()).doesNotContain(RelayService.HOP_PROTOCOL_ID);
            assertThat(nodeRelay.autoRelay().orElseThrow().isActive()).isTrue();
            Multiaddr circuit = TestHosts.dialable(relay).encapsulate("/p2p-circuit");
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(10),
                    () -> host.announceAddresses().contains(circuit))).isTrue();

            host.setAnnounceAddresses(List.of());
            probeUntil(autonat, server, Reachability.PUBLIC);

            assertThat(nodeRelay.service()).isPresent();
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(10),
                    () -> host.announceAddresses().stream().noneMatch(CircuitAddress::isCircuit))).isTrue();
        }
    }
}
