package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry swarm peers|connect|disconnect}: the running daemon's connections; {@code ferry swarm key [gen]}: the
 * private network key.
 */
@Command(name = "swarm", mixinStandardHelpOptions = true, description = "Manage the daemon's peer connections.",
        subcommands = {SwarmCommand.Peers.class, SwarmCommand.Connect.class, SwarmCommand.Disconnect.class,
                SwarmCommand.Key.class})
final class SwarmCommand {

    static DaemonClient daemon(FerryCli.CliEnv env, RepoOptions repo) throws java.io.IOException {
        return DaemonClient.find(repo.resolve(env), env).orElseThrow(() ->
                new IllegalStateException("this command needs a running daemon (start one with 'ferry daemon')"));
    }

    @Command(name = "peers", mixinStandardHelpOptions = true, description = "List connected peers: '<addr>/p2p/<id>'.")
    static final class Peers implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;

        Peers(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            JsonNode res = daemon(env, repo).json("swarm/peers", List.of(), Map.of());
            for (JsonNode p : res.path("Peers")) {
                env.out().println(p.path("Addr").asText() + "/p2p/" + p.path("Peer").asText());
            }
            return 0;
        }
    }

    @Command(name = "connect", mixinStandardHelpOptions = true, description = "Connect to peers at ADDRESS/p2p/ID.")
    static final class Connect implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(paramLabel = "ADDRESS", arity = "1..*") List<String> addresses;

        Connect(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            JsonNode res = daemon(env, repo).json("swarm/connect", addresses, Map.of());
            res.path("Strings").forEach(s -> env.out().println(s.asText()));
            return 0;
        }
    }

    @Command(name = "disconnect", mixinStandardHelpOptions = true, description = "Close the connections to peers.")
    static final class Disconnect implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(paramLabel = "ADDRESS|PEER", arity = "1..*") List<String> peers;

        Disconnect(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            JsonNode res = daemon(env, repo).json("swarm/disconnect", peers, Map.of());
            res.path("Strings").forEach(s -> env.out().println(s.asText()));
            return 0;
        }
    }

    /**
     * The repository's private network: its key's fingerprint (the line Kubo's daemon prints), or that there is none.
     * {@code gen} writes a new key in the {@code swarm.key} format to stdout.
     */
    @Command(name = "key", mixinStandardHelpOptions = true,
            description = "Show the fingerprint of the repo's swarm.key (its private network), if any.",
            subcommands = {SwarmCommand.KeyGen.class})
    static final class Key implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;

        Key(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            java.nio.file.Path dir = repo.resolve(env);
            dev.ferry.node.repo.Repo.requireInitialized(dir);
            var key = dev.ferry.node.repo.SwarmKeyFile.read(dir);
            if (key.isPresent()) {
                env.out().println("Swarm key fingerprint: " + key.get().fingerprint());
            } else {
                env.out().println("no swarm key in " + dir + ": the public network");
            }
            return 0;
        }
    }

    @Command(name = "gen", mixinStandardHelpOptions = true,
            description = "Write a new random private network key to stdout, in the swarm.key format "
                    + "(e.g. ferry swarm key gen > ~/.ferry/swarm.key; give every member the same file).")
    static final class KeyGen implements Callable<Integer> {
        private final FerryCli.CliEnv env;

        KeyGen(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            env.out().print(dev.ferry.net.pnet.SwarmKey.generate(new java.security.SecureRandom()).encode());
            env.out().flush();
            return 0;
        }
    }
}
