package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.rpc.BootstrapRpc;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry bootstrap [list]|add|rm}, as Kubo's {@code ipfs bootstrap}: the config's {@code Bootstrap} list, the
 * peers the DHT is joined through. Through the daemon when one runs (it owns the config then), else on the
 * repository; the same rules either way ({@link BootstrapRpc}) and Kubo's text: the peers sorted, one a line,
 * after {@code added } or {@code removed }. A change is used at the daemon's next start.
 */
@Command(name = "bootstrap", mixinStandardHelpOptions = true,
        description = "Show or edit the list of bootstrap peers (Kubo's 'Bootstrap' config key).",
        subcommands = {BootstrapCommand.ListPeers.class, BootstrapCommand.Add.class, BootstrapCommand.Rm.class})
final class BootstrapCommand implements Callable<Integer> {
    private final FerryCli.CliEnv env;
    private final OutputEncoding encoding;
    @Mixin RepoOptions repo;

    BootstrapCommand(FerryCli.CliEnv env, OutputEncoding encoding) {
        this.env = env;
        this.encoding = encoding;
    }

    /** {@code ferry bootstrap} alone lists, as in Kubo. */
    @Override
    public Integer call() throws IOException {
        return list(env, repo, encoding);
    }

    static int list(FerryCli.CliEnv env, RepoOptions repo, OutputEncoding encoding) throws IOException {
        Path dir = repo.resolve(env);
        Optional<DaemonClient> daemon = DaemonClient.find(dir, env);
        List<String> peers = daemon.isPresent()
                ? peers(daemon.get().json("bootstrap/list", List.of(), Map.of()))
                : BootstrapRpc.list(Repo.readConfig(dir));
        if (encoding.json()) {
            // the RPC's answer: the config's order, where the text sorts
            OutputEncoding.println(env, Map.of("Peers", peers));
            return 0;
        }
        write(env, "", peers);
        return 0;
    }

    /** Through the daemon's RPC, or on the repository's config under its lock. */
    static List<String> change(FerryCli.CliEnv env, RepoOptions repo, String command, List<String> args,
            Map<String, String> options, Function<RepoConfig, List<String>> offline) throws IOException {
        Path dir = repo.resolve(env);
        Optional<DaemonClient> daemon = DaemonClient.find(dir, env);
        if (daemon.isPresent()) {
            return peers(daemon.get().json(command, args, options));
        }
        List<List<String>> result = new ArrayList<>(1);
        Repo.updateConfig(dir, cfg -> result.add(offline.apply(cfg)));
        return result.getFirst();
    }

    private static List<String> peers(JsonNode answer) {
        List<String> out = new ArrayList<>();
        answer.path("Peers").forEach(p -> out.add(p.asText()));
        return out;
    }

    /** Kubo's {@code bootstrapWritePeers}: sorted, each after the prefix. */
    static void write(FerryCli.CliEnv env, String prefix, List<String> peers) {
        peers.stream().sorted().forEach(p -> env.out().println(prefix + p));
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Show the bootstrap peers, as '<multiaddr>/p2p/<peer id>'.")
    static final class ListPeers implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        private final OutputEncoding encoding;
        @Mixin RepoOptions repo;

        ListPeers(FerryCli.CliEnv env, OutputEncoding encoding) {
            this.env = env;
            this.encoding = encoding;
        }

        @Override
        public Integer call() throws IOException {
            return list(env, repo, encoding);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add peers to the bootstrap list; prints those that were not in it yet.")
    static final class Add implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Option(names = "--default", description = "Add Kubo's default bootstrap peers (the public IPFS network's; "
                + "'default' as PEER does the same).") boolean deflt;
        @Parameters(paramLabel = "PEER", arity = "0..*",
                description = "A peer's multiaddr ending in /p2p/<peer id>.") List<String> peers = new ArrayList<>();

        Add(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            if (deflt && !peers.isEmpty()) {
                throw new IllegalArgumentException("--default takes no peers");
            }
            List<String> input = deflt ? BootstrapRpc.KUBO_DEFAULTS : peers;
            List<String> added = change(env, repo, "bootstrap/add", deflt ? List.of() : peers,
                    deflt ? Map.of("default", "true") : Map.of(), cfg -> BootstrapRpc.add(cfg, input));
            write(env, "added ", added);
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true,
            description = "Remove peers from the bootstrap list (/p2p/<peer id> alone: every address of that peer); "
                    + "prints those removed.")
    static final class Rm implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Option(names = "--all", description = "Remove every bootstrap peer ('all' as PEER does the same).") boolean all;
        @Parameters(paramLabel = "PEER", arity = "0..*",
                description = "A peer's multiaddr ending in /p2p/<peer id>.") List<String> peers = new ArrayList<>();

        Rm(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            if (all && !peers.isEmpty()) {
                throw new IllegalArgumentException("--all takes no peers");
            }
            boolean everything = all || peers.equals(List.of("all")); // Kubo's 'ipfs bootstrap rm all'
            List<String> removed = change(env, repo, "bootstrap/rm", everything ? List.of() : peers,
                    everything ? Map.of("all", "true") : Map.of(),
                    cfg -> everything ? BootstrapRpc.removeAll(cfg) : BootstrapRpc.remove(cfg, peers));
            write(env, "removed ", removed);
            return 0;
        }
    }
}
