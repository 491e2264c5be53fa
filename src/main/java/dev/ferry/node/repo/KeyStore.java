package dev.ferry.node.repo;

import dev.ferry.identity.Identity;
import dev.ferry.identity.KeyFormatException;
import dev.ferry.identity.PeerId;
import dev.ferry.identity.PrivateKey;
import dev.ferry.multiformats.Multibase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Named keys for IPNS, in the repo's {@code keystore/} folder as Kubo keeps them: one file per key,
 * {@code key_} followed by the name in unpadded lower-case base32, holding a libp2p {@code PrivateKey} protobuf,
 * readable by the owner only. The name {@code self} is the node's own identity and is not kept here.
 */
public final class KeyStore {
    public static final String DIR = "keystore";
    public static final String SELF = "self";
    private static final String PREFIX = "key_";
    private static final int MAX_NAME = 128;

    private final Path dir;
    private final Identity self;

    public KeyStore(Path repo, Identity self) {
        this.dir = repo.resolve(DIR);
        this.self = self;
    }

    /**
     * Checks a key name: not empty, at most 128 bytes, no {@code /}, not starting with a dot.
     *
     * @throws IllegalArgumentException if it is not a usable name
     */
    public static void checkName(String name) {
        if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME || name.contains("/")
                || name.startsWith(".") || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("invalid key name '" + name + "': 1 to " + MAX_NAME
                    + " bytes, no '/', not starting with '.'");
        }
    }

    private Path file(String name) {
        return dir.resolve(PREFIX + Multibase.BASE32.encodeBare(name.getBytes(StandardCharsets.UTF_8)));
    }

    /** The key of {@code name} ({@code self}: the node's identity). */
    public Optional<PrivateKey> get(String name) {
        if (name.equals(SELF)) {
            return Optional.of(self.privateKey());
        }
        checkName(name);
        try {
            return Optional.of(Identity.load(file(name)).privateKey());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading key " + name, e);
        }
    }

    /**
     * Keeps {@code key} under {@code name}.
     *
     * @throws IllegalArgumentException if the name is invalid, {@code self}, or taken
     */
    public synchronized void add(String name, PrivateKey key) throws IOException {
        checkName(name);
        if (name.equals(SELF)) {
            throw new IllegalArgumentException("the key name 'self' is the node's own key");
        }
        Path f = file(name);
        if (Files.exists(f)) {
            throw new IllegalArgumentException("a key named '" + name + "' already exists");
        }
        Identity.fromPrivateKey(key).save(f);
    }

    /** Removes the key {@code name}; false when there was none. */
    public synchronized boolean remove(String name) throws IOException {
        checkName(name);
        if (name.equals(SELF)) {
            throw new IllegalArgumentException("the key 'self' cannot be removed");
        }
        return Files.deleteIfExists(file(name));
    }

    /** Every key by name, {@code self} first, then the others in name order, each with its peer ID (its IPNS name). */
    public Map<String, PeerId> list() {
        Map<String, PeerId> out = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    String f = p.getFileName().toString();
                    if (!f.startsWith(PREFIX)) {
                        continue;
                    }
                    try {
                        String name = new String(Multibase.BASE32.decodeBare(f.substring(PREFIX.length())),
                                StandardCharsets.UTF_8);
                        out.put(name, Identity.load(p).peerId());
                    } catch (IllegalArgumentException | IOException e) {
                        // a file that is no key of ours
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("listing " + dir, e);
            }
        }
        Map<String, PeerId> all = new java.util.LinkedHashMap<>();
        all.put(SELF, self.peerId());
        all.putAll(out);
        return all;
    }

    /** The key whose peer ID (IPNS name) is {@code id}, among {@code self} and the kept ones. */
    public Optional<PrivateKey> byPeerId(PeerId id) {
        for (Map.Entry<String, PeerId> e : list().entrySet()) {
            if (e.getValue().equals(id)) {
                return get(e.getKey());
            }
        }
        return Optional.empty();
    }
}
