package dev.ferry.node.repo;

import dev.ferry.net.pnet.InvalidSwarmKeyException;
import dev.ferry.net.pnet.SwarmKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The repository's {@code swarm.key}, where Kubo keeps it: when the file is there, the node's host joins only that
 * private network (its daemon, and the short-lived hosts of {@code ferry ping} and {@code ferry id PEER}). With
 * {@code LIBP2P_FORCE_PNET=1} in the environment, as in Kubo, a repository without the file refuses to start a host
 * rather than join the public network.
 */
public final class SwarmKeyFile {
    public static final String NAME = "swarm.key";
    public static final String FORCE_ENV = "LIBP2P_FORCE_PNET";

    private SwarmKeyFile() {
    }

    /**
     * The key in {@code <repoDir>/swarm.key}, if the file exists.
     *
     * @throws RepoException when the file is not a swarm key or cannot be read
     */
    public static Optional<SwarmKey> read(Path repoDir) {
        Path file = repoDir.resolve(NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(SwarmKey.read(file));
        } catch (InvalidSwarmKeyException e) {
            throw new RepoException("invalid swarm key: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new RepoException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The private network a host of this repository must join, if any.
     *
     * @param repoDir the repository (it need not exist: then only the environment counts)
     * @throws RepoException when {@code LIBP2P_FORCE_PNET=1} and there is no key, or the key file is bad
     */
    public static Optional<SwarmKey> forHost(Path repoDir, Map<String, String> env) {
        Optional<SwarmKey> key = repoDir == null ? Optional.empty() : read(repoDir);
        if (key.isEmpty() && "1".equals(env.get(FORCE_ENV))) {
            throw new RepoException(FORCE_ENV + "=1 but there is no swarm key"
                    + (repoDir == null ? "" : " at " + repoDir.resolve(NAME)) + ": refusing to join the public network");
        }
        return key;
    }
}
