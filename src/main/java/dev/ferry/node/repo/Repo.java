package dev.ferry.node.repo;

import dev.ferry.store.AtomicFiles;
import dev.ferry.store.Blockstore;
import dev.ferry.store.FileBlockstore;
import dev.ferry.store.FileBlockstoreConfig;
import dev.ferry.store.FilePinStore;
import dev.ferry.store.Filestore;
import dev.ferry.store.FilestoreBlockstore;
import dev.ferry.store.PinStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A ferry repository on disk: {@code config} (JSON), {@code blocks/} (the block store), {@code filestore/} (the
 * index of blocks kept in the user's files, made by the first {@code add --nocopy}), {@code pins/} (the pin set),
 * {@code version}, and {@code repo.lock}. An open Repo holds the writer lock until closed.
 *
 * <p>Not thread-safe as a whole; the block store and pin store it hands out are.
 */
public final class Repo implements AutoCloseable {
    public static final String CONFIG = "config";
    public static final String VERSION_FILE = "version";
    public static final String VERSION = "1";
    public static final String ENV_PATH = "FERRY_PATH";

    private final Path dir;
    private final RepoLock lock;
    private RepoConfig config;
    public static final String FILESTORE_DIR = "filestore";
    /** The config flag of Kubo's filestore ({@code add --nocopy}, {@code filestore ...}); off by default. */
    public static final String FILESTORE_ENABLED = "Experimental.FilestoreEnabled";

    private final FileBlockstore blocks;
    private final FilestoreBlockstore allBlocks;
    private final FilePinStore pins;

    private Repo(Path dir, RepoLock lock, RepoConfig config, FileBlockstore blocks, Filestore filestore,
            FilePinStore pins) {
        this.dir = dir;
        this.lock = lock;
        this.config = config;
        this.blocks = blocks;
        this.allBlocks = new FilestoreBlockstore(blocks, filestore);
        this.pins = pins;
    }

    /** {@code $FERRY_PATH} if set, else {@code ~/.ferry}. */
    public static Path defaultPath(Map<String, String> env) {
        String p = env.get(ENV_PATH);
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        return Path.of(System.getProperty("user.home"), ".ferry");
    }

    public static boolean isInitialized(Path dir) {
        return Files.isRegularFile(dir.resolve(CONFIG));
    }

    /**
     * Creates a new repository with a fresh Ed25519 identity; refuses one that already has a config.
     * The caller then opens it.
     */
    public static dev.ferry.identity.Identity init(Path dir, java.security.SecureRandom random) {
        if (isInitialized(dir)) {
            throw new RepoException("ferry repo already exists at " + dir);
        }
        try {
            Files.createDirectories(dir);
            try (RepoLock ignored = RepoLock.acquire(dir)) {
                dev.ferry.identity.Identity id = IdentityFile.create(dir, random);
                RepoConfig config = RepoConfig.defaults(id.peerId().toString());
                Files.createDirectories(dir.resolve("blocks"));
                Files.createDirectories(dir.resolve("pins"));
                AtomicFiles.write(dir.resolve(VERSION_FILE), (VERSION + "\n").getBytes(StandardCharsets.US_ASCII));
                // the config is written last: its presence marks a complete repo
                config.save(dir.resolve(CONFIG));
                return id;
            }
        } catch (IOException e) {
            throw new RepoException("cannot create repo at " + dir + ": " + e.getMessage(), e);
        }
    }

    /** @throws RepoException naming {@code dir} and {@code ferry init} when there is no repository there */
    public static void requireInitialized(Path dir) {
        if (!isInitialized(dir)) {
            throw new RepoException("no ferry repo found at " + dir + " (run 'ferry init')");
        }
    }

    /** Reads the config without opening the stores (no lock needed to read). */
    public static RepoConfig readConfig(Path dir) {
        requireInitialized(dir);
        return RepoConfig.load(dir.resolve(CONFIG));
    }

    /** Changes the config under the repo lock, without opening the stores. */
    public static RepoConfig updateConfig(Path dir, java.util.function.Consumer<RepoConfig> change) {
        requireInitialized(dir);
        try (RepoLock ignored = RepoLock.acquire(dir)) {
            RepoConfig cfg = RepoConfig.load(dir.resolve(CONFIG));
            change.accept(cfg);
            cfg.save(dir.resolve(CONFIG));
            return cfg;
        }
    }

    /** Opens an initialized repository and takes its lock. */
    public static Repo open(Path dir) {
        requireInitialized(dir);
        RepoLock lock = RepoLock.acquire(dir);
        try {
            RepoConfig config = RepoConfig.load(dir.resolve(CONFIG));
            long groupCommit = config.number("Datastore.GroupCommitBytes", 64L << 20);
            FileBlockstore blocks = FileBlockstore.open(dir, FileBlockstoreConfig.defaults().withCommitBytes(groupCommit)
                    .withWriteCacheBytes(WriteCacheSetting.bytes(config)));
            Filestore filestore;
            FilePinStore pins;
            try {
                filestore = Filestore.open(dir.resolve(FILESTORE_DIR), filestoreRoot(dir));
                pins = FilePinStore.open(dir.resolve("pins"));
            } catch (RuntimeException e) {
                blocks.close();
                throw e;
            }
            return new Repo(dir, lock, config, blocks, filestore, pins);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The node's identity (its key pair). */
    public dev.ferry.identity.Identity identity() {
        return IdentityFile.load(dir);
    }

    /**
     * Kubo's {@code key rotate}: {@code fresh} becomes the node's identity, in its key file and as
     * {@code Identity.PeerID} in the config, and the identity it replaces is kept in the keystore as
     * {@code oldKeyName} (first, so that a failure part way loses no key). Needs the repository open (locked), so no
     * daemon runs on it.
     *
     * @throws IllegalArgumentException if {@code oldKeyName} is invalid, {@code self}, or taken
     */
    public dev.ferry.identity.Identity rotateIdentity(dev.ferry.identity.PrivateKey fresh, String oldKeyName)
            throws IOException {
        dev.ferry.identity.Identity old = identity();
        if (oldKeyName.equals(KeyStore.SELF)) {
            throw new IllegalArgumentException("keystore name for back up cannot be named 'self'");
        }
        new KeyStore(dir, old).add(oldKeyName, old.privateKey());
        dev.ferry.identity.Identity next = dev.ferry.identity.Identity.fromPrivateKey(fresh);
        IdentityFile.replace(dir, next);
        RepoConfig updated = RepoConfig.parse(config.toJson());
        updated.set("Identity.PeerID", com.fasterxml.jackson.databind.node.TextNode.valueOf(next.peerId().toString()));
        saveConfig(updated);
        return next;
    }

    public Path path() {
        return dir;
    }

    /**
     * The parent of the repository directory, as in Kubo: {@code add --nocopy} takes files under it only, and the
     * filestore keeps their paths relative to it.
     */
    public static Path filestoreRoot(Path repoDir) {
        Path abs = repoDir.toAbsolutePath().normalize();
        return abs.getParent() == null ? abs : abs.getParent();
    }

    /**
     * Every block: those of the block store and those kept in files by the filestore (read from there and verified).
     */
    public Blockstore blocks() {
        return allBlocks;
    }

    /** The blocks and the filestore together, for the commands that tell them apart. */
    public FilestoreBlockstore filestoreBlocks() {
        return allBlocks;
    }

    public Filestore filestore() {
        return allBlocks.filestore();
    }

    /** Whether {@code Experimental.FilestoreEnabled} is on. */
    public boolean filestoreEnabled() {
        return config.bool(FILESTORE_ENABLED, false);
    }

    /** Kubo's error unless {@code Experimental.FilestoreEnabled} is on. */
    public void requireFilestoreEnabled() {
        if (!filestoreEnabled()) {
            throw new RepoException(Filestore.NOT_ENABLED);
        }
    }

    public FileBlockstore fileBlocks() {
        return blocks;
    }

    public PinStore pins() {
        return pins;
    }

    public RepoConfig config() {
        return config;
    }

    public void saveConfig(RepoConfig updated) {
        updated.save(dir.resolve(CONFIG));
        this.config = updated;
    }

    @Override
    public void close() {
        try {
            allBlocks.close();
        } finally {
            try {
                pins.close();
            } finally {
                lock.close();
            }
        }
    }
}
