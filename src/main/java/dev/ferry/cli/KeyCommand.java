package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.identity.Ed25519PrivateKey;
import dev.ferry.identity.PeerId;
import dev.ferry.identity.PrivateKey;
import dev.ferry.identity.Secp256k1PrivateKey;
import dev.ferry.node.repo.KeyStore;
import dev.ferry.node.repo.Repo;
import dev.ferry.routing.ipns.IpnsName;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry key gen|list|rm}: the keys IPNS names are published with, as Kubo's {@code ipfs key}. */
@Command(name = "key", mixinStandardHelpOptions = true, description = "Make, list and remove IPNS keys.",
        subcommands = {KeyCommand.Gen.class, KeyCommand.ListKeys.class, KeyCommand.Rm.class})
final class KeyCommand {
    @Command(name = "gen", mixinStandardHelpOptions = true,
            description = "Make a key named NAME and print its IPNS name.")
    static final class Gen implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Option(names = {"-t", "--type"}, defaultValue = "ed25519",
                description = "ed25519 (default) or secp256k1.") String type;

        Gen(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                JsonNode r = daemon.get().json("key/gen", List.of(name), Map.of("type", type));
                env.out().println(r.path("Id").asText());
                return 0;
            }
            SecureRandom random = new SecureRandom();
            PrivateKey key = switch (type) {
                case "ed25519" -> Ed25519PrivateKey.generate(random);
                case "secp256k1" -> Secp256k1PrivateKey.generate(random);
                default -> throw new IllegalArgumentException("unsupported key type " + type + ": ed25519 or secp256k1");
            };
            try (Repo r = Repo.open(repo.resolve(env))) {
                new KeyStore(r.path(), r.identity()).add(name, key);
            }
            env.out().println(new IpnsName(PeerId.fromPublicKey(key.publicKey())));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the keys by name.")
    static final class ListKeys implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Option(names = "-l", description = "Also print each key's IPNS name.") boolean longForm;

        ListKeys(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            Map<String, String> keys = new LinkedHashMap<>();
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                for (JsonNode k : daemon.get().json("key/list", List.of(), Map.of()).path("Keys")) {
                    keys.put(k.path("Name").asText(), k.path("Id").asText());
                }
            } else {
                try (Repo r = Repo.open(repo.resolve(env))) {
                    new KeyStore(r.path(), r.identity()).list()
                            .forEach((name, id) -> keys.put(name, new IpnsName(id).toString()));
                }
            }
            keys.forEach((name, id) -> env.out().println(longForm ? id + " " + name : name));
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove keys.")
    static final class Rm implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(paramLabel = "NAME", arity = "1..*") List<String> names;

        Rm(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                for (JsonNode k : daemon.get().json("key/rm", names, Map.of()).path("Keys")) {
                    env.out().println(k.path("Name").asText());
                }
                return 0;
            }
            try (Repo r = Repo.open(repo.resolve(env))) {
                KeyStore store = new KeyStore(r.path(), r.identity());
                for (String n : names) {
                    if (!store.remove(n)) {
                        throw new IllegalArgumentException("no key named " + n);
                    }
                    env.out().println(n);
                }
            }
            return 0;
        }
    }
}
