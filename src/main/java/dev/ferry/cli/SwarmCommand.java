package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.AnnounceFilter;
import dev.ferry.net.host.AnnouncedAddresses;
import dev.ferry.node.repo.IdentityFile;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry swarm peers|connect|disconnect}: the running daemon's connections; {@code ferry swarm addrs
 * [local|listen]}: the addresses it knows and its own; {@code ferry swarm key [gen]}: the private network key;
 * {@code ferry swarm peering}: see {@link SwarmPeeringCommand}; {@code ferry swarm filters}: see
 * {@link SwarmFiltersCommand}; {@code ferry swarm resources}: see {@link SwarmResourcesCommand};
 * {@code ferry swarm replication}: see {@link SwarmReplicationCommand}.
 */
@Command(name = "swarm", mixinStandardHelpOptions = true, description = "Manage the daemon's peer connections.",
        subcommands = {SwarmCommand.Peers.class, SwarmCommand.Addrs.class, SwarmCommand.Connect.class,
                SwarmCommand.Disconnect.class, SwarmCommand.Key.class, SwarmPeeringCommand.class,
                SwarmFiltersCommand.class, SwarmResourcesCommand.class, SwarmReplicationCommand.class,
                SwarmAutonatCommand.class})
final class SwarmCommand {

    static DaemonClient daemon(FerryCli.CliEnv env, RepoOptions repo) throws java.io.IOException {
        return DaemonClient.find(repo.resolve(env), env).orElseThrow(() ->
                new IllegalStateException("this command needs a running daemon (start one with 'ferry daemon')"));
    }

    /**
     * Kubo's {@code swarm peers}: per connection {@code <addr>/p2p/<id>}, then the latency and the direction when asked
     * for, then each open stream's protocol on its own line indented by two spaces. Identify data shows only in
     * {@code --enc=json}, which prints the daemon's answer as it is.
     */
    @Command(name = "peers", mixinStandardHelpOptions = true, description = "List connected peers: '<addr>/p2p/<id>'.")
    static final class Peers implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Option(names = {"-v", "--verbose"}, description = "Display all extra information.") boolean verbose;
        @Option(names = "--streams", description = "Also list the open streams of each peer.") boolean streams;
        @Option(names = "--latency", description = "Also list the latency to each peer.") boolean latency;
        @Option(names = "--direction", description = "Also list the direction of each connection.") boolean direction;
        @Option(names = "--identify", description = "Also list what identify told of each peer (shown with --enc=json).")
        boolean identify;
        // the global --enc: json prints the daemon's answer as it is
        private final OutputEncoding encoding;

        Peers(FerryCli.CliEnv env, OutputEncoding encoding) {
            this.env = env;
            this.encoding = encoding;
        }

        @Override
        public Integer call() throws IOException {
            Map<String, String> opts = new java.util.LinkedHashMap<>();
            for (var o : Map.of("verbose", verbose, "streams", streams, "latency", latency, "direction", direction,
                    "identify", identify).entrySet()) {
                if (o.getValue()) {
                    opts.put(o.getKey(), "true");
                }
            }
            JsonNode res = daemon(env, repo).json("swarm/peers", List.of(), opts);
            if (encoding.json()) {
                env.out().println(res.toString());
                return 0;
            }
            for (JsonNode p : res.path("Peers")) {
                StringBuilder line = new StringBuilder(p.path("Addr").asText() + "/p2p/" + p.path("Peer").asText());
                if (!p.path("Latency").asText("").isEmpty()) {
                    line.append(' ').append(p.path("Latency").asText());
                }
                switch (p.path("Direction").asInt(0)) {
                    case 1 -> line.append(" inbound");
                    case 2 -> line.append(" outbound");
                    default -> { }
                }
                env.out().println(line);
                for (JsonNode s : p.path("Streams")) {
                    String protocol = s.path("Protocol").asText("");
                    env.out().println("  " + (protocol.isEmpty() ? "<no protocol name>" : protocol));
                }
            }
            return 0;
        }
    }

    /** Kubo's {@code swarm addrs}: per peer, sorted, {@code <id> (<count>)} then each address on a tab-indented line. */
    @Command(name = "addrs", mixinStandardHelpOptions = true,
            description = "List the addresses the daemon knows for other peers.",
            subcommands = {SwarmCommand.AddrsLocal.class, SwarmCommand.AddrsListen.class})
    static final class Addrs implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;

        Addrs(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            JsonNode addrs = daemon(env, repo).json("swarm/addrs", List.of(), Map.of()).path("Addrs");
            List<String> ids = new ArrayList<>();
            addrs.fieldNames().forEachRemaining(ids::add);
            Collections.sort(ids);
            for (String id : ids) {
                JsonNode list = addrs.get(id);
                env.out().println(id + " (" + list.size() + ")");
                list.forEach(a -> env.out().println("\t" + a.asText()));
            }
            return 0;
        }
    }

    /**
     * Kubo's {@code swarm addrs local}: the addresses peers are told. Without a daemon, what one would announce:
     * {@code Addresses.Announce}, else {@code Addresses.Swarm} with unspecified addresses as the interfaces' ones
     * (and the configured port, which a daemon may choose itself for port 0), less {@code Addresses.NoAnnounce}.
     */
    @Command(name = "local", mixinStandardHelpOptions = true, description = "List the addresses this node announces.")
    static final class AddrsLocal implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Option(names = "--id", description = "Append /p2p/<peer id> to each address.") boolean id;

        AddrsLocal(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            Path dir = repo.resolve(env);
            var daemon = DaemonClient.find(dir, env);
            List<String> out;
            if (daemon.isPresent()) {
                out = strings(daemon.get().json("swarm/addrs/local", List.of(), id ? Map.of("id", "true") : Map.of()));
            } else {
                var cfg = Repo.readConfig(dir);
                List<Multiaddr> announce = addresses(cfg.strings("Addresses.Announce"),
                        "Addresses.Announce");
                List<Multiaddr> base = new ArrayList<>(announce.isEmpty() ? listening(cfg) : announce);
                for (Multiaddr a : addresses(cfg.strings("Addresses.AppendAnnounce"), "Addresses.AppendAnnounce")) {
                    if (!base.contains(a)) {
                        base.add(a);
                    }
                }
                List<Multiaddr> addrs = noAnnounce(cfg).apply(base);
                String suffix = id ? "/p2p/" + IdentityFile.load(dir).peerId() : "";
                out = addrs.stream().map(a -> a + suffix).sorted().toList();
            }
            out.forEach(env.out()::println);
            return 0;
        }
    }

    /**
     * Kubo's {@code swarm addrs listen}: the addresses listened on, unspecified ones as the interfaces' addresses.
     * Without a daemon, those of {@code Addresses.Swarm}.
     */
    @Command(name = "listen", mixinStandardHelpOptions = true, description = "List the addresses this node listens on.")
    static final class AddrsListen implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;

        AddrsListen(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            Path dir = repo.resolve(env);
            var daemon = DaemonClient.find(dir, env);
            List<String> out = daemon.isPresent()
                    ? strings(daemon.get().json("swarm/addrs/listen", List.of(), Map.of()))
                    : listening(Repo.readConfig(dir)).stream().map(Object::toString).sorted().toList();
            out.forEach(env.out()::println);
            return 0;
        }
    }

    private static List<String> strings(JsonNode answer) {
        List<String> out = new ArrayList<>();
        answer.path("Strings").forEach(s -> out.add(s.asText()));
        return out;
    }

    /** {@code Addresses.NoAnnounce}, which a daemon applies to what it announces. */
    private static AnnounceFilter noAnnounce(RepoConfig cfg) {
        try {
            return AnnounceFilter.parse(cfg.strings("Addresses.NoAnnounce"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config Addresses.NoAnnounce: " + e.getMessage());
        }
    }

    /** {@code Addresses.Swarm} as a daemon would listen on it, each unspecified address as the interfaces' ones. */
    private static List<Multiaddr> listening(RepoConfig cfg) {
        return AnnouncedAddresses.expand(addresses(cfg.strings("Addresses.Swarm"), "Addresses.Swarm"));
    }

    private static List<Multiaddr> addresses(List<String> texts, String key) {
        List<Multiaddr> out = new ArrayList<>();
        for (String t : texts) {
            try {
                Multiaddr m = Multiaddr.parse(t);
                out.add(m.withoutPeerId());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("config " + key + ": invalid multiaddr '" + t + "': " + e.getMessage());
            }
        }
        return out;
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
