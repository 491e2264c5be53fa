package dev.ferry.cli;

import dev.ferry.exchange.ferry.PeerDids;
import dev.ferry.identity.Did;
import dev.ferry.identity.KeyFormatException;
import dev.ferry.identity.PeerId;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.trust.TrustStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry trust set|rm|ls}: edits {@code <repo>/trust.json} directly (locked, atomic), also while a daemon runs;
 * the daemon picks the change up within a second.
 */
@Command(name = "trust", mixinStandardHelpOptions = true,
        description = "Trust levels of peers (did:key), 0 (unknown, the default) to 10.",
        subcommands = {TrustCommand.Set.class, TrustCommand.Rm.class, TrustCommand.Ls.class})
final class TrustCommand {

    /** A did:key, or a peer ID whose key has a did:key form. */
    static Did did(String text) {
        String s = text.strip();
        try {
            if (s.startsWith("did:")) {
                return Did.parse(s);
            }
            PeerId peer = PeerId.parse(s);
            return PeerDids.didOf(peer).orElseThrow(
                    () -> new IllegalArgumentException("peer ID " + s + " has no did:key form (RSA or ECDSA key)"));
        } catch (KeyFormatException e) {
            throw new IllegalArgumentException("invalid DID '" + s + "': " + e.getMessage());
        }
    }

    static TrustStore store(Path repo) {
        Repo.requireInitialized(repo);
        return TrustStore.open(repo);
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Set the trust level of a DID (0-10).")
    static final class Set implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(index = "0", paramLabel = "DID", description = "did:key:z… (or a peer ID with an Ed25519 key).")
        String did;
        @Parameters(index = "1", paramLabel = "LEVEL", description = "0 to 10.") int level;

        Set(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            Did d = did(did);
            TrustStore.checkLevel(level);
            store(repo.resolve(env)).set(d, level);
            env.out().println("trust " + d + " " + level);
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Forget a DID (its level becomes 0).")
    static final class Rm implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(index = "0", paramLabel = "DID") String did;

        Rm(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            Did d = did(did);
            if (!store(repo.resolve(env)).remove(d)) {
                throw new IllegalArgumentException(d + " is not in the trust store");
            }
            env.out().println("removed " + d);
            return 0;
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = "List trusted DIDs: '<did> <level>' lines, most trusted first.")
    static final class Ls implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Option(names = "--json", description = "Print {\"Trust\": {DID: level}}.") boolean json;

        Ls(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            Map<Did, Integer> entries = store(repo.resolve(env)).entries();
            if (json) {
                Map<String, Integer> m = new LinkedHashMap<>();
                entries.forEach((d, l) -> m.put(d.toString(), l));
                env.out().println(Json.pretty(Map.of("Trust", m)));
                return 0;
            }
            entries.forEach((d, l) -> env.out().println(d + " " + l));
            return 0;
        }
    }
}
