package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.node.repo.Repo;
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
            assertThat(node.host().protocols().stream().sorted().toList()).isEqualTo(Node.PROTOCOLS);
        }
    }
}
