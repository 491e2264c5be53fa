package dev.ferry.node.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.net.pnet.SwarmKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwarmKeyFileTest {
    @TempDir
    Path dir;

    @Test
    void noFileIsThePublicNetworkUnlessForced() {
        assertThat(SwarmKeyFile.read(dir)).isEmpty();
        assertThat(SwarmKeyFile.forHost(dir, Map.of())).isEmpty();
        assertThat(SwarmKeyFile.forHost(dir, Map.of("LIBP2P_FORCE_PNET", "0"))).isEmpty();
        assertThatThrownBy(() -> SwarmKeyFile.forHost(dir, Map.of("LIBP2P_FORCE_PNET", "1")))
                .isInstanceOf(RepoException.class)
                .hasMessageContaining("LIBP2P_FORCE_PNET=1").hasMessageContaining("refusing to join the public network");
        assertThatThrownBy(() -> SwarmKeyFile.forHost(null, Map.of("LIBP2P_FORCE_PNET", "1")))
                .isInstanceOf(RepoException.class);
    }

    @Test
    void theRepositorysKeyIsUsedForcedOrNot() throws Exception {
        SwarmKey key = SwarmKey.generate(new SecureRandom());
        Files.writeString(dir.resolve("swarm.key"), key.encode());
        assertThat(SwarmKeyFile.read(dir)).contains(key);
        assertThat(SwarmKeyFile.forHost(dir, Map.of("LIBP2P_FORCE_PNET", "1"))).contains(key);
    }

    @Test
    void aBadFileIsARepoError() throws Exception {
        Files.writeString(dir.resolve("swarm.key"), "not a key\n");
        assertThatThrownBy(() -> SwarmKeyFile.read(dir)).isInstanceOf(RepoException.class)
                .hasMessageStartingWith("invalid swarm key: " + dir.resolve("swarm.key"));
    }
}
