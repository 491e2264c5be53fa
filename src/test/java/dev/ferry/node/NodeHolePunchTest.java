package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.exchange.bitswap.wire.BitswapProtocol;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.dcutr.HolePunchService;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.LimitedConnectionException;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.relay.CircuitAddress;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** DCUtR and autorelay set up through the config, on nodes on 127.0.0.1. */
@Timeout(120)
class NodeHolePunchTest {
    @TempDir
    Path tmp;

    Path repo(String name, String swarmJson) throws Exception {
        Path dir = tmp.resolve(name);
        Repo.init(dir, new SecureRandom());
        PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
        Repo.updateConfig(dir, c -> RepoConfig.parseValue(swarmJson, true).fields().forEachRemaining(
                e -> c.set("Swarm." + e.getKey(), e.getValue())));
        return dir;
    }

    static boolean direct(Host h, PeerId peer) {
        return h.connections(peer).stream().anyMatch(c -> c.isOpen() && !c.limited());
    }

    @Test
    void nodesReachedThroughARelayUpgradeToADirectConnectionWhereBitswapRuns() throws Exception {
        String bitswap = BitswapProtocol.values()[BitswapProtocol.values().length - 1].id();
        try (Node relay = Node.start(Repo.open(repo("relay", "{\"RelayService\": {\"Enabled\": true}}")))) {
            Multiaddr circuit = NodeRelayTest.dialable(relay).encapsulate("/p2p-circuit");
            try (Node a = Node.start(Repo.open(repo("a", "{\"RelayClient\": {\"StaticRelays\": [\""
                    + NodeRelayTest.dialable(relay) + "\"]}}")));
                    Node b = Node.start(Repo.open(repo("b", "{}")))) {
                assertThat(a.host().protocols()).contains(HolePunchService.PROTOCOL_ID);
                assertThat(PeeringRestartTest.within(Duration.ofSeconds(20),
                        () -> a.host().announceAddresses().contains(circuit))).isTrue();

                Connection relayed = b.host().connect(circuit.encapsulate("/p2p/" + a.host().peerId()));
                assertThat(relayed.limited()).isTrue();
                assertThatThrownBy(() -> relayed.newStream(bitswap)).isInstanceOf(LimitedConnectionException.class);

                HolePunchService dcutr = a.relay().holePunching().orElseThrow();
                assertThat(PeeringRestartTest.within(Duration.ofSeconds(20),
                        () -> direct(b.host(), a.host().peerId()) && direct(a.host(), b.host().peerId())))
                        .as(() -> dcutr.stats() + " " + b.relay().holePunching().orElseThrow().stats() + " "
                                + a.host().connections(b.host().peerId())).isTrue();
                assertThat(PeeringRestartTest.within(Duration.ofSeconds(5),
                        () -> dcutr.stats().succeeded() == 1)).isTrue();
                try (NegotiatedStream s = b.host().newStream(a.host().peerId(), bitswap)) {
                    assertThat(s.connection().limited()).isFalse();
                }
                // the relayed connection goes after the grace
                assertThat(PeeringRestartTest.within(Duration.ofSeconds(20), () -> !relayed.isOpen())).isTrue();
            }
        }
    }

    @Test
    void withHolePunchingOffTheConnectionStaysRelayed() throws Exception {
        try (Node relay = Node.start(Repo.open(repo("relay", "{\"RelayService\": {\"Enabled\": true}}")))) {
            Multiaddr circuit = NodeRelayTest.dialable(relay).encapsulate("/p2p-circuit");
            try (Node a = Node.start(Repo.open(repo("a", "{\"EnableHolePunching\": false, \"RelayClient\":"
                    + " {\"StaticRelays\": [\"" + NodeRelayTest.dialable(relay) + "\"]}}")));
                    Node b = Node.start(Repo.open(repo("b", "{}")))) {
                assertThat(a.host().protocols()).doesNotContain(HolePunchService.PROTOCOL_ID);
                assertThat(a.host().protocols().stream().sorted().toList())
                        .isEqualTo(Node.protocols(a.repo().config()));
                assertThat(a.relay().holePunching()).isEmpty();
                assertThat(PeeringRestartTest.within(Duration.ofSeconds(20),
                        () -> a.host().announceAddresses().contains(circuit))).isTrue();

                Connection relayed = b.host().connect(circuit.encapsulate("/p2p/" + a.host().peerId()));

                // B, the dialling side, does not initiate; A, which would, has it off
                Thread.sleep(1500);
                assertThat(relayed.isOpen()).isTrue();
                assertThat(direct(b.host(), a.host().peerId())).isFalse();
                assertThat(b.relay().holePunching().orElseThrow().stats().synced()).isZero();
            }
        }
    }

    @Test
    void holePunchingWithoutTheRelayClientStopsTheNodeNamingTheKey() throws Exception {
        Path dir = repo("bad", "{\"EnableHolePunching\": true, \"RelayClient\": {\"Enabled\": false}}");
        assertThatThrownBy(() -> Node.start(Repo.open(dir))).isInstanceOf(RepoException.class)
                .hasMessageContaining("Swarm.EnableHolePunching");
    }

    @Test
    void withTheRelayClientEnabledAndNoStaticRelaysANodeFindsARelayAmongItsPeers() throws Exception {
        try (Node relay = Node.start(Repo.open(repo("relay", "{\"RelayService\": {\"Enabled\": true}}")));
                Node a = Node.start(Repo.open(repo("a", "{\"RelayClient\": {\"Enabled\": true}}")))) {
            assertThat(a.relay().autoRelay()).isPresent();
            assertThat(a.relay().autoRelay().orElseThrow().isActive()).isTrue();
            assertThat(a.host().announceAddresses()).noneMatch(CircuitAddress::isCircuit);

            a.host().connect(NodeRelayTest.dialable(relay));

            Multiaddr circuit = NodeRelayTest.dialable(relay).encapsulate("/p2p-circuit");
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(20),
                    () -> a.host().announceAddresses().contains(circuit))).isTrue();
            assertThat(a.relay().autoRelay().orElseThrow().relays()).containsExactly(relay.host().peerId());
            assertThat(relay.relay().service().orElseThrow().hasReservation(a.host().peerId())).isTrue();
        }
    }
}
