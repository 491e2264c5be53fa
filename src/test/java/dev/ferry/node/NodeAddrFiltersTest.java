package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.AddressFilteredException;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node started with {@code Swarm.AddrFilters} dials none of the filtered addresses, whoever asks (peering,
 * bootstrap), and takes no connection from them; {@code Addresses.NoAnnounce} empties what it announces.
 */
@Timeout(60)
class NodeAddrFiltersTest {
    @TempDir
    Path tmp;

    private Node node(String name, Consumer<RepoConfig> config) throws Exception {
        Path dir = tmp.resolve(name);
        Repo.init(dir, new SecureRandom());
        PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
        Repo.updateConfig(dir, c -> {
            c.set("Pubsub.Enabled", RepoConfig.parseValue("false", true));
            c.set("Routing.PrivateAddresses", RepoConfig.parseValue("true", true));
            config.accept(c);
        });
        return Node.start(Repo.open(dir));
    }

    private static Multiaddr dialable(Node n) {
        return n.listenAddresses().getFirst().encapsulate("/p2p/" + n.host().peerId());
    }

    @Test
    void aFilteredRangeIsNeitherDialledByPeeringAndBootstrapNorAcceptedFrom() throws Exception {
        try (Node b = node("b", c -> { })) {
            String peering = "[{\"ID\": \"" + b.host().peerId() + "\", \"Addrs\": [\"" + b.listenAddresses().getFirst()
                    + "\"]}]";
            try (Node a = node("a", c -> {
                c.set("Swarm.AddrFilters", RepoConfig.parseValue("[\"/ip4/127.0.0.0/ipcidr/8\"]", true));
                c.set("Peering.Peers", RepoConfig.parseValue(peering, true));
                c.set("Bootstrap", RepoConfig.parseValue("[\"" + dialable(b) + "\"]", true));
            })) {
                assertThat(a.host().addrFilters().list()).extracting(Object::toString)
                        .containsExactly("/ip4/127.0.0.0/ipcidr/8");
                assertThat(PeeringRestartTest.within(Duration.ofSeconds(3),
                        () -> a.host().isConnected(b.host().peerId()))).isFalse();
                assertThatThrownBy(() -> a.host().connect(dialable(b))).isInstanceOf(AddressFilteredException.class)
                        .hasMessageContaining("address filtered: /ip4/127.0.0.1/tcp/");
                assertThatThrownBy(() -> b.host().connect(dialable(a))).isInstanceOf(IOException.class);
                assertThat(a.host().connectionManager().connectionCount()).isZero();

                // the same node without the filter: peering connects it
                a.host().addrFilters().clear();
                assertThat(PeeringRestartTest.within(Duration.ofSeconds(20),
                        () -> a.host().isConnected(b.host().peerId()))).isTrue();
            }
        }
    }

    @Test
    void noAnnounceAndConnMgrAreReadAndBadValuesStopTheStart() throws Exception {
        try (Node a = node("quiet", c -> {
            c.set("Addresses.NoAnnounce", RepoConfig.parseValue("[\"/ip4/127.0.0.0/ipcidr/8\"]", true));
            c.set("Swarm.ConnMgr", RepoConfig.parseValue("{\"LowWater\": 20, \"HighWater\": 40, "
                    + "\"GracePeriod\": \"1m0s\"}", true));
        })) {
            assertThat(a.listenAddresses()).isNotEmpty();
            assertThat(a.host().announceAddresses()).isEmpty();
            assertThat(a.host().config().highWatermark()).isEqualTo(40);
            assertThat(a.host().config().lowWatermark()).isEqualTo(20);
            assertThat(a.host().config().gracePeriod()).isEqualTo(Duration.ofMinutes(1));
        }
        assertThatThrownBy(() -> node("bad", c -> c.set("Swarm.AddrFilters",
                RepoConfig.parseValue("[\"/ip4/10.0.0.0/ipcidr/40\"]", true))))
                .isInstanceOf(RepoException.class).hasMessageContaining("Swarm.AddrFilters[0]");
    }
    @Test
    void appendAnnounceAddsToWhatIsToldAndNoAnnounceStillHides() throws Exception {
        try (Node a = node("append", c -> {
            c.set("Addresses.AppendAnnounce", RepoConfig.parseValue(
                    "[\"/ip4/203.0.113.7/tcp/4001\", \"/ip4/10.1.2.3/tcp/4001\", \"/dns4/ferry.example/tcp/4001\"]",
                    true));
            c.set("Addresses.NoAnnounce", RepoConfig.parseValue("[\"/ip4/10.0.0.0/ipcidr/8\"]", true));
        })) {
            List<String> told = a.host().announceAddresses().stream().map(Object::toString).toList();
            // the listening addresses first, then the appended ones, less what NoAnnounce hides
            assertThat(told).anyMatch(t -> t.startsWith("/ip4/127.0.0.1/tcp/"));
            assertThat(told).endsWith("/ip4/203.0.113.7/tcp/4001", "/dns4/ferry.example/tcp/4001");
            assertThat(told).noneMatch(t -> t.startsWith("/ip4/10."));
        }
        assertThatThrownBy(() -> node("badappend", c -> c.set("Addresses.AppendAnnounce",
                RepoConfig.parseValue("[\"not an address\"]", true))))
                .isInstanceOf(RepoException.class).hasMessageContaining("Addresses.AppendAnnounce");
    }
}
