package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class NodeProtocolsTest {
    @TempDir
    Path tmp;

    @Test
    void theListedProtocolsAreTheOnesAStartedNodeAnswers() throws Exception {
        Path dir = tmp.resolve("repo");
        Repo.init(dir, new SecureRandom());
        PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
        try (Node node = Node.start(Repo.open(dir))) {
            assertThat(node.host().protocols().stream().sorted().toList()).isEqualTo(Node.PROTOCOLS)
                    .isEqualTo(Node.protocols(node.repo().config()));
            assertThat(node.pubsub()).isPresent();
        }
    }

    @Test
    void withPubsubDisabledNoPubsubProtocolIsAnswered() throws Exception {
        Path dir = tmp.resolve("repo");
        Repo.init(dir, new SecureRandom());
        PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
        Repo.updateConfig(dir, c -> c.set("Pubsub.Enabled", RepoConfig.parseValue("false", true)));
        try (Node node = Node.start(Repo.open(dir))) {
            assertThat(node.pubsub()).isEmpty();
            assertThat(node.host().protocols().stream().sorted().toList())
                    .isEqualTo(Node.protocols(node.repo().config()))
                    .noneMatch(p -> p.contains("sub/"));
        }
    }

    @Test
    void aDhtClientServesNoDhtProtocol() throws Exception {
        Path dir = tmp.resolve("repo");
        Repo.init(dir, new SecureRandom());
        PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
        Repo.updateConfig(dir, c -> c.set("Routing.Type", RepoConfig.parseValue("dhtclient", false)));
        try (Node node = Node.start(Repo.open(dir))) {
            assertThat(node.dht()).isPresent();
            assertThat(node.host().protocols().stream().sorted().toList())
                    .isEqualTo(Node.protocols(node.repo().config()))
                    .doesNotContain(dev.ferry.routing.dht.DhtConfig.PUBLIC);
        }
    }

    @Test
    void autoclientAsksTheDhtAndDelegatedRunsNone() throws Exception {
        for (String type : java.util.List.of("autoclient", "delegated")) {
            Path dir = tmp.resolve(type);
            Repo.init(dir, new SecureRandom());
            PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
            Repo.updateConfig(dir, c -> c.set("Routing.Type", RepoConfig.parseValue(type, false)));
            try (Node node = Node.start(Repo.open(dir))) {
                assertThat(node.dht().isPresent()).isEqualTo(type.equals("autoclient"));
                assertThat(node.host().protocols().stream().sorted().toList())
                        .isEqualTo(Node.protocols(node.repo().config()))
                        .doesNotContain(dev.ferry.routing.dht.DhtConfig.PUBLIC);
            }
        }
    }

    @Test
    void autonatServiceModeChoosesTheServersAnswered() throws Exception {
        for (String mode : java.util.List.of("legacy-v1", "disabled")) {
            Path dir = tmp.resolve(mode);
            Repo.init(dir, new SecureRandom());
            PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
            Repo.updateConfig(dir, c -> c.set("AutoNAT.ServiceMode", RepoConfig.parseValue(mode, false)));
            try (Node node = Node.start(Repo.open(dir))) {
                assertThat(node.host().protocols().stream().sorted().toList())
                        .isEqualTo(Node.protocols(node.repo().config()))
                        .doesNotContain(dev.ferry.net.autonat.v2.AutonatV2Server.DIAL_REQUEST)
                        .contains(dev.ferry.net.autonat.v2.AutonatV2Server.DIAL_BACK);
                assertThat(node.host().protocols().contains(dev.ferry.net.autonat.AutonatServer.PROTOCOL_ID))
                        .isEqualTo(mode.equals("legacy-v1"));
            }
        }
    }

    @Test
    void anUnknownRouterStopsTheStart() throws Exception {
        Path dir = tmp.resolve("repo");
        Repo.init(dir, new SecureRandom());
        PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
        Repo.updateConfig(dir, c -> c.set("Pubsub.Router", RepoConfig.parseValue("randomsub", false)));
        Repo repo = Repo.open(dir);
        assertThatThrownBy(() -> Node.start(repo)).isInstanceOf(RepoException.class)
                .hasMessageContaining("Pubsub.Router must be gossipsub or floodsub");
        repo.close();
    }

    @Test
    void addressesAnnounceReplacesTheListenersInWhatPeersAreTold() throws Exception {
        Path dir = tmp.resolve("repo");
        Repo.init(dir, new SecureRandom());
        PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
        Repo.updateConfig(dir, c -> c.set("Addresses.Announce",
                RepoConfig.parseValue("[\"/dns4/ferry.example/tcp/4001\"]", true)));
        try (Node node = Node.start(Repo.open(dir))) {
            assertThat(node.host().announceAddresses()).extracting(Object::toString)
                    .containsExactly("/dns4/ferry.example/tcp/4001");
        }
        Repo.updateConfig(dir, c -> c.set("Addresses.Announce", RepoConfig.parseValue("[\"nonsense\"]", true)));
        Repo repo = Repo.open(dir);
        assertThatThrownBy(() -> Node.start(repo)).isInstanceOf(RepoException.class)
                .hasMessageContaining("Addresses.Announce");
        repo.close();
    }
}
