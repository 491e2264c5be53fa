package dev.ferry.node.repo;

import dev.ferry.identity.Identity;
import dev.ferry.identity.KeyFormatException;
import dev.ferry.identity.KeySignature;
import dev.ferry.identity.KeyType;
import dev.ferry.identity.PeerId;
import dev.ferry.identity.PrivateKey;
import dev.ferry.identity.PrivateKeyFormat;
import dev.ferry.identity.PublicKey;
import dev.ferry.multiformats.Multibase;
import dev.ferry.routing.ipns.IpnsName;
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

    /** Whether {@code name} is {@code self} or could name a kept key. */
    public static boolean isValidName(String name) {
        try {
            checkName(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
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
            throw new IllegalArgumentException("key with name '" + name + "' already exists");
        }
        Identity.fromPrivateKey(key).save(f);
    }

    /** What a rename did: the key's peer ID, and whether a key of the new name was replaced. */
    public record Renamed(PeerId id, boolean overwritten) {}

    /**
     * Renames a key, as Kubo: {@code self} is neither renamed nor replaced, renaming to the same name changes nothing,
     * and a key already holding the new name is replaced only with {@code force}.
     *
     * @throws IllegalArgumentException for {@code self}, an invalid or unknown old name, or a taken new name
     */
    public synchronized Renamed rename(String oldName, String newName, boolean force) throws IOException {
        if (oldName.equals(SELF)) {
            throw new IllegalArgumentException("cannot rename key with name 'self'");
        }
        if (newName.equals(SELF)) {
            throw new IllegalArgumentException("cannot overwrite key with name 'self'");
        }
        checkName(newName);
        PrivateKey key = get(oldName).orElseThrow(
                () -> new IllegalArgumentException("no key named " + oldName + " was found"));
        PeerId id = PeerId.fromPublicKey(key.publicKey());
        if (newName.equals(oldName)) {
            return new Renamed(id, false);
        }
        Path target = file(newName);
        boolean overwritten = false;
        if (Files.exists(target)) {
            if (!force) {
                throw new IllegalArgumentException("key by that name already exists, refusing to overwrite");
            }
            Files.delete(target);
            overwritten = true;
        }
        Identity.fromPrivateKey(key).save(target);
        Files.delete(file(oldName));
        return new Renamed(id, overwritten);
    }

    /**
     * The key {@code name} in {@code format}, as {@code key export} writes it; {@code self}, the node's identity,
     * is not handed out (as Kubo).
     *
     * @throws IllegalArgumentException for {@code self}, an unknown name, or a key without that format
     */
    public byte[] export(String name, PrivateKeyFormat format) {
        if (name.equals(SELF)) {
            throw new IllegalArgumentException("cannot export key with name 'self'");
        }
        PrivateKey key = get(name)
                .orElseThrow(() -> new IllegalArgumentException("key with name '" + name + "' doesn't exist"));
        return format.encode(key);
    }

    /**
     * Keeps the key in {@code bytes} ({@code format}) under {@code name}, with the type rule of
     * {@link #checkImportable}; returns its peer ID.
     *
     * @throws IllegalArgumentException for {@code self}, a taken or invalid name, or bytes that are no usable key
     */
    public PeerId importKey(String name, byte[] bytes, PrivateKeyFormat format, boolean allowAnyType)
            throws IOException {
        if (name.equals(SELF)) {
            throw new IllegalArgumentException("cannot import key with name 'self'");
        }
        checkName(name);
        PrivateKey key = format.decode(bytes);
        checkImportable(key, allowAnyType);
        add(name, key);
        return PeerId.fromPublicKey(key.publicKey());
    }

    /** A {@link KeySignature} made with a kept key. */
    public record Signed(String name, PeerId id, byte[] signature) {}

    /**
     * Signs {@code data} (with Kubo's prefix) with the key {@code name}.
     *
     * @throws IllegalArgumentException for an unknown or invalid name
     */
    public Signed sign(String name, byte[] data) {
        PrivateKey key = get(name)
                .orElseThrow(() -> new IllegalArgumentException("no key by the given name was found: " + name));
        return new Signed(name, PeerId.fromPublicKey(key.publicKey()), KeySignature.sign(key, data));
    }

    /** The outcome of a check; {@code name} is empty when the key was given by its IPNS name or peer ID. */
    public record Verified(String name, PeerId id, boolean valid) {}

    /**
     * Checks a {@link KeySignature}; the key is a kept one by name, else any IPNS name or peer ID that holds its
     * public key (as Kubo).
     *
     * @throws IllegalArgumentException when {@code keyOrName} is none of these
     */
    public Verified verify(String keyOrName, byte[] data, byte[] signature) {
        Optional<PrivateKey> kept = isValidName(keyOrName) ? get(keyOrName) : Optional.empty();
        if (kept.isPresent()) {
            PublicKey key = kept.get().publicKey();
            return new Verified(keyOrName, PeerId.fromPublicKey(key), KeySignature.verify(key, data, signature));
        }
        PeerId id;
        try {
            id = IpnsName.parse(keyOrName).peerId();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + keyOrName + "' is not a known key, an IPNS Name, or a valid PeerID");
        }
        PublicKey key = id.extractPublicKey().orElseThrow(() -> new IllegalArgumentException(
                "the public key of " + keyOrName + " is not inlined in it (RSA keys are not)"));
        return new Verified("", id, KeySignature.verify(key, data, signature));
    }

    /**
     * Refuses to import a key of a type ferry would not pick, unless {@code allowAnyType}: Ed25519 and secp256k1 are
     * the types it makes, RSA the one older Kubo repos hold names under (ferry signs with it but never makes one);
     * ECDSA only on request, as Kubo.
     *
     * @throws IllegalArgumentException for an ECDSA key without {@code allowAnyType}
     */
    public static void checkImportable(PrivateKey key, boolean allowAnyType) {
        if (!allowAnyType && key.type() == KeyType.ECDSA) {
            throw new IllegalArgumentException("key type " + key.type() + " is not allowed to be imported, only "
                    + "Ed25519, secp256k1 or RSA; use flag --allow-any-key-type if you are sure of what you're doing");
        }
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
