package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.identity.Ed25519PrivateKey;
import dev.ferry.identity.PeerId;
import dev.ferry.identity.PrivateKey;
import dev.ferry.identity.Secp256k1PrivateKey;
import dev.ferry.node.repo.KeyStore;
import dev.ferry.node.repo.Repo;
import dev.ferry.routing.ipns.IpnsName;
import dev.ferry.identity.KeySignature;
import dev.ferry.identity.PrivateKeyFormat;
import dev.ferry.multiformats.Multibase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry key gen|list|rm|rename|export|import|sign|verify}: the keys IPNS names are published with, as Kubo's
 * {@code ipfs key}; and {@code key rotate}, a new identity for the node.
 */
@Command(name = "key", mixinStandardHelpOptions = true,
        description = "Make, list, rename, remove, export and import IPNS keys; sign and verify with them.",
        subcommands = {KeyCommand.Gen.class, KeyCommand.ListKeys.class, KeyCommand.Rm.class, KeyCommand.Rename.class,
            KeyCommand.Export.class, KeyCommand.Import.class, KeyCommand.Sign.class, KeyCommand.Verify.class,
            KeyCommand.Rotate.class})
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

    /**
     * Kubo's {@code key rotate}: a fresh identity key for the node, the old one kept in the keystore under
     * {@code --oldkey} (required, as Kubo: an identity is never thrown away). Only without a running daemon, which
     * holds the identity it started with.
     */
    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Give the node a new identity; the old key is kept in the keystore. Stop the daemon first.")
    static final class Rotate implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Option(names = {"-o", "--oldkey"}, required = true, paramLabel = "NAME",
                description = "Keystore name to keep the current identity under.") String oldKey;
        @Option(names = {"-t", "--type"}, defaultValue = "ed25519",
                description = "ed25519 (default) or secp256k1.") String type;

        Rotate(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            Path dir = repo.resolve(env);
            if (DaemonClient.find(dir, env).isPresent()) {
                throw new IllegalStateException("ferry daemon is running. please stop it to run this command");
            }
            if (oldKey.equals(KeyStore.SELF)) {
                throw new IllegalArgumentException("keystore name for back up cannot be named 'self'");
            }
            KeyStore.checkName(oldKey);
            SecureRandom random = new SecureRandom();
            PrivateKey key = switch (type) {
                case "ed25519" -> Ed25519PrivateKey.generate(random);
                case "secp256k1" -> Secp256k1PrivateKey.generate(random);
                default -> throw new IllegalArgumentException("unsupported key type " + type + ": ed25519 or secp256k1");
            };
            env.out().print("generating " + type.toUpperCase(java.util.Locale.ROOT) + " keypair...");
            try (Repo r = Repo.open(dir)) {
                var id = r.rotateIdentity(key, oldKey);
                env.out().println("done");
                env.out().println("peer identity: " + id.peerId());
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the keys by name.")
    static final class ListKeys implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        private final OutputEncoding encoding;
        @Mixin RepoOptions repo;
        @Option(names = "-l", description = "Also print each key's IPNS name.") boolean longForm;

        ListKeys(FerryCli.CliEnv env, OutputEncoding encoding) {
            this.env = env;
            this.encoding = encoding;
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
            if (encoding.json()) {
                // the RPC's key/list answer; -l changes nothing in it, as Kubo's
                List<Map<String, Object>> out = new java.util.ArrayList<>();
                keys.forEach((name, id) -> {
                    Map<String, Object> k = new LinkedHashMap<>();
                    k.put("Name", name);
                    k.put("Id", id);
                    out.add(k);
                });
                OutputEncoding.println(env, Map.of("Keys", out));
                return 0;
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

    @Command(name = "rename", mixinStandardHelpOptions = true, description = "Rename the key OLD to NEW.")
    static final class Rename implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(index = "0", paramLabel = "OLD") String was;
        @Parameters(index = "1", paramLabel = "NEW") String now;
        @Option(names = {"-f", "--force"}, description = "Replace a key already named NEW.") boolean force;

        Rename(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            String id;
            boolean overwritten;
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                JsonNode r = daemon.get().json("key/rename", List.of(was, now), Map.of("force", Boolean.toString(force)));
                id = r.path("Id").asText();
                overwritten = r.path("Overwrite").asBoolean();
            } else {
                try (Repo r = Repo.open(repo.resolve(env))) {
                    KeyStore.Renamed done = new KeyStore(r.path(), r.identity()).rename(was, now, force);
                    id = new IpnsName(done.id()).toString();
                    overwritten = done.overwritten();
                }
            }
            env.out().println("Key " + id + " renamed to " + now + (overwritten ? " with overwriting" : ""));
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the key NAME to a file (./NAME.key, or ./NAME.pem for PEM, unless -o is given).")
    static final class Export implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the key.") Path output;
        @Option(names = {"-f", "--format"}, defaultValue = "libp2p-protobuf-cleartext",
                description = "libp2p-protobuf-cleartext (default) or pem-pkcs8-cleartext.") String format;

        Export(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            PrivateKeyFormat f = PrivateKeyFormat.byName(format);
            byte[] bytes;
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                try (InputStream in = daemon.get().stream("key/export", List.of(name), Map.of("format", format))) {
                    bytes = in.readAllBytes();
                }
            } else {
                try (Repo r = Repo.open(repo.resolve(env))) {
                    bytes = new KeyStore(r.path(), r.identity()).export(name, f);
                }
            }
            writePrivately(output != null ? output : Path.of(name + "." + f.extension()), bytes);
            return 0;
        }

        /** Readable by the owner only, and all at once: a private key is never left half written. */
        private static void writePrivately(Path file, byte[] bytes) throws IOException {
            Path dir = file.toAbsolutePath().getParent();
            Path tmp = dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                    ? Files.createTempFile(dir, ".key-export", ".tmp",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, ".key-export", ".tmp");
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Keep the key in FILE under NAME and print its IPNS name.")
    static final class Import implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "FILE") Path file;
        @Option(names = {"-f", "--format"}, defaultValue = "libp2p-protobuf-cleartext",
                description = "libp2p-protobuf-cleartext (default) or pem-pkcs8-cleartext.") String format;
        @Option(names = "--allow-any-key-type", description = "Also take ECDSA keys.") boolean allowAnyType;

        Import(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            PrivateKeyFormat f = PrivateKeyFormat.byName(format);
            byte[] bytes = readAtMost(Files.newInputStream(file), MAX_KEY_FILE, "key file");
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                try (InputStream in = daemon.get().upload("key/import", List.of(name),
                        Map.of("format", format, "allow-any-key-type", Boolean.toString(allowAnyType)),
                        new MultipartBody().file(file.getFileName().toString(), () -> new ByteArrayInputStream(bytes)))) {
                    env.out().println(dev.ferry.node.repo.JsonTree.read(in).path("Id").asText());
                }
                return 0;
            }
            try (Repo r = Repo.open(repo.resolve(env))) {
                PeerId id = new KeyStore(r.path(), r.identity()).importKey(name, bytes, f, allowAnyType);
                env.out().println(new IpnsName(id));
            }
            return 0;
        }
    }

    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = "Sign FILE (or stdin), prefixed with \"" + KeySignature.PREFIX + "\", and print the "
                    + "signature in base64url multibase (as JSON, as Kubo).")
    static final class Sign implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(index = "0", paramLabel = "FILE", arity = "0..1") Path file;
        @Option(names = {"-k", "--key"}, defaultValue = "self", description = "The key to sign with (self).")
        String key;

        Sign(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            byte[] data = readAtMost(file == null ? env.in() : Files.newInputStream(file), MAX_SIGNED_DATA, "data");
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                try (InputStream in = daemon.get().upload("key/sign", List.of(), Map.of("key", key),
                        new MultipartBody().file("", () -> new ByteArrayInputStream(data)))) {
                    env.out().println(Json.compact(dev.ferry.node.repo.JsonTree.read(in)));
                }
                return 0;
            }
            try (Repo r = Repo.open(repo.resolve(env))) {
                KeyStore.Signed s = new KeyStore(r.path(), r.identity()).sign(key, data);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("Key", entry(s.name(), s.id()));
                out.put("Signature", Multibase.BASE64_URL.encode(s.signature()));
                env.out().println(Json.compact(out));
            }
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check a signature made by 'key sign' over FILE (or stdin); the key is a kept one by name, "
                    + "or any IPNS name or peer ID.")
    static final class Verify implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(index = "0", paramLabel = "FILE", arity = "0..1") Path file;
        @Option(names = {"-k", "--key"}, defaultValue = "self",
                description = "The key's name, IPNS name or peer ID (self).") String key;
        @Option(names = {"-s", "--signature"}, required = true, description = "The multibase signature.")
        String signature;

        Verify(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            byte[] data = readAtMost(file == null ? env.in() : Files.newInputStream(file), MAX_SIGNED_DATA, "data");
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                try (InputStream in = daemon.get().upload("key/verify", List.of(),
                        Map.of("key", key, "signature", signature),
                        new MultipartBody().file("", () -> new ByteArrayInputStream(data)))) {
                    env.out().println(Json.compact(dev.ferry.node.repo.JsonTree.read(in)));
                }
                return 0;
            }
            byte[] sig = Multibase.decode(signature);
            try (Repo r = Repo.open(repo.resolve(env))) {
                KeyStore.Verified v = new KeyStore(r.path(), r.identity()).verify(key, data, sig);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("Key", entry(v.name(), v.id()));
                out.put("SignatureValid", v.valid());
                env.out().println(Json.compact(out));
            }
            return 0;
        }
    }

    /** Larger than any key file or PEM block, small enough to hold. */
    private static final int MAX_KEY_FILE = 64 * 1024;
    /** What {@code key sign}/{@code key verify} read of their data (the daemon takes as much). */
    private static final int MAX_SIGNED_DATA = 4 * 1024 * 1024;

    private static byte[] readAtMost(InputStream source, int max, String what) throws IOException {
        try (InputStream in = source) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new IllegalArgumentException(what + " is larger than " + max + " bytes");
            }
            return bytes;
        }
    }

    private static Map<String, Object> entry(String name, PeerId id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", name);
        m.put("Id", new IpnsName(id).toString());
        return m;
    }
}
