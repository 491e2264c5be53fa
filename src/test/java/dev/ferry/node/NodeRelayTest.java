package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Connection;
import dev.ferry.net.relay.CircuitAddress;
import dev.ferry.net.relay.RelayService;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Circuit Relay v2 set up through the config: a relay node, a node keeping a reservation on it, a third dialling. */
@Timeout(90)
class NodeRelayTest {
    @TempDir
    Path tmp;

    Path repo(String name, String swarmJson) throws Exception {
        Path dir = tmp.resolve(name);
        Repo.init(dir, new SecureRandom());
        PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
        Repo.updateConfig(dir, c -> {
            RepoConfig.parseValue(swarmJson, true).fields().forEachRemaining(
                    e -> c.set("Swarm." + e.getKey(), e.getValue()));
        });
        return dir;
    }

    static Multiaddr dialable(Node n) {
        return n.listenAddresses().getFirst().encapsulate("/p2p/" + n.host().peerId());
    }

    @Test
    void aNodeBehindARelayIsReachedThroughItsCircuitAddress() throws Exception {
        try (Node relay = Node.start(Repo.open(repo("relay", "{\"RelayService\": {\"Enabled\": true,"
                + " \"ConnectionDurationLimit\": \"1m\"}}")))) {
            assertThat(relay.host().protocols()).contains(RelayService.HOP_PROTOCOL_ID);
            assertThat(relay.host().protocols().stream().sorted().toList())
                    .isEqualTo(Node.protocols(relay.repo().config()));
            assertThat(relay.relay().service()).isPresent();
            try (Node a = Node.start(Repo.open(repo("a", "{\"RelayClient\": {\"StaticRelays\": [\""
                    + dialable(relay) + "\"]}}")));
                    Node b = Node.start(Repo.open(repo("b", "{}")))) {
                Multiaddr circuit = dialable(relay).encapsulate("/p2p-circuit");
                assertThat(PeeringRestartTest.within(Duration.ofSeconds(20),
                        () -> a.host().announceAddresses().contains(circuit))).isTrue();
                assertThat(relay.relay().service().orElseThrow().hasReservation(a.host().peerId())).isTrue();
                assertThat(b.host().protocols()).doesNotContain(RelayService.HOP_PROTOCOL_ID); // not public (yet)

                Connection c = b.host().connect(circuit.encapsulate("/p2p/" + a.host().peerId()));

                assertThat(c.limited()).isTrue();
                assertThat(c.remoteAddress()).contains(circuit);
                assertThat(b.services().ping().ping(a.host().peerId())).isPositive();
            }
        }
    }

    @Test
    void withTheClientOffCircuitsAreNeitherDialledNorAccepted() throws Exception {
        try (Node relay = Node.start(Repo.open(repo("relay", "{\"RelayService\": {\"Enabled\": true}}")));
                Node off = Node.start(Repo.open(repo("off", "{\"RelayClient\": {\"Enabled\": false}}")));
                Node a = Node.start(Repo.open(repo("a", "{\"RelayClient\": {\"StaticRelays\": [\""
                        + dialable(relay) + "\"]}}")))) {
            assertThat(off.host().protocols()).doesNotContain(RelayService.STOP_PROTOCOL_ID);
            assertThat(off.host().protocols().stream().sorted().toList())
                    .isEqualTo(Node.protocols(off.repo().config()));
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(20),
                    () -> a.host().announceAddresses().stream().anyMatch(CircuitAddress::isCircuit))).isTrue();
            Multiaddr target = dialable(relay).encapsulate("/p2p-circuit/p2p/" + a.host().peerId());
            assertThatThrownBy(() -> off.host().connect(target)).isInstanceOf(IOException.class)
                    .hasMessageContaining("no relay client");
        }
    }
}
