package dev.ferry.node.trust;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.exchange.ferry.TrustLevels;
import dev.ferry.identity.Did;
import dev.ferry.identity.KeyFormatException;
import dev.ferry.store.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's trust levels: DIDs with a level 0–10 (every other DID is 0), kept in {@code <repo>/trust.json}:
 * <pre>
 * { "Version": 1, "Trust": { "did:key:z6Mk…": 7, … } }
 * </pre>
 *
 * <p>Changes are read-modify-write under an exclusive lock on {@code <repo>/trust.lock} (so the CLI and a daemon, or two
 * CLIs, never lose each other's edits) and replace the file atomically ({@link AtomicFiles}: temp file, fsync,
 * rename). The file is safe to edit while a daemon runs: a store re-reads it when it changed (its file key, size or
 * modification time differ), checking at most once per {@code recheck} interval on lookups (default 1 s), so an
 * edit by {@code ferry trust} or by hand takes effect within that interval. A hand edit that does not parse is
 * logged and ignored: the store keeps the last good levels.
 *
 * <p>Thread-safe; {@link #levelOf} does no I/O except the throttled change check.
 */
public final class TrustStore implements TrustLevels {
    public static final String FILE = "trust.json";
    public static final String LOCK_FILE = "trust.lock";
    public static final int VERSION = 1;
    /** Larger trust files are refused (about 50 000 entries). */
    public static final long MAX_FILE_BYTES = 4L << 20;
    public static final Duration DEFAULT_RECHECK = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(TrustStore.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private final Path file;
    private final Path lockFile;
    private final InstantSource clock;
    private final long recheckMillis;
    private static final ConcurrentHashMap<Path, ReentrantLock> WRITERS = new ConcurrentHashMap<>();
    private final ReentrantLock reloadLock = new ReentrantLock();
    private volatile Snapshot snapshot;
    private volatile long lastCheck;

    /** Levels and the file state they were read from. */
    private record Snapshot(Map<Did, Integer> levels, Stamp stamp) {}

    /** What identifies one version of the file; {@code null} fields when it does not exist. */
    private record Stamp(Object fileKey, long modified, long size) {
        static final Stamp MISSING = new Stamp(null, -1, -1);
    }

    private TrustStore(Path file, InstantSource clock, Duration recheck) {
        this.file = file;
        this.lockFile = file.resolveSibling(LOCK_FILE);
        this.clock = clock;
        this.recheckMillis = recheck.toMillis();
        Stamp stamp = stamp();
        this.snapshot = new Snapshot(read(), stamp);
        this.lastCheck = clock.millis();
    }

    /**
     * Opens the trust store of the repository at {@code repoDir} ({@code repoDir/trust.json}; a missing file is an
     * empty store).
     *
     * @throws TrustFileException the file exists but is not a valid trust store
     */
    public static TrustStore open(Path repoDir) {
        return open(repoDir.resolve(FILE), InstantSource.system(), DEFAULT_RECHECK);
    }

    /** Opens {@code file} itself, re-checking it for changes at most once per {@code recheck} (zero: every lookup). */
    public static TrustStore open(Path file, InstantSource clock, Duration recheck) {
        if (recheck.isNegative()) {
            throw new IllegalArgumentException("recheck interval must be >= 0");
        }
        return new TrustStore(file, Objects.requireNonNull(clock), recheck);
    }

    public Path file() {
        return file;
    }

    @Override
    public int levelOf(Did did) {
        maybeReload();
        return snapshot.levels().getOrDefault(did, 0);
    }

    /** Every DID with a stored level, most trusted first, then by DID text. */
    public Map<Did, Integer> entries() {
        maybeReload();
        Map<Did, Integer> sorted = new LinkedHashMap<>();
        snapshot.levels().entrySet().stream()
                .sorted(Comparator.<Map.Entry<Did, Integer>>comparingInt(e -> -e.getValue())
                        .thenComparing(e -> e.getKey().toString()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(sorted);
    }

    /**
     * Sets the level of {@code did}.
     *
     * @throws IllegalArgumentException level outside 0–10
     * @throws TrustFileException       the file cannot be read or written
     */
    public void set(Did did, int level) {
        Objects.requireNonNull(did, "did");
        checkLevel(level);
        modify(levels -> levels.put(did, level));
    }

    /** Forgets {@code did} (its level becomes 0); true when it was stored. */
    public boolean remove(Did did) {
        Objects.requireNonNull(did, "did");
        boolean[] removed = {false};
        modify(levels -> removed[0] = levels.remove(did) != null);
        return removed[0];
    }

    /** Re-reads the file now if it changed. */
    public void reload() {
        reloadLock.lock();
        try {
            reloadLocked();
        } finally {
            reloadLock.unlock();
        }
    }

    public static void checkLevel(int level) {
        if (level < MIN_LEVEL || level > MAX_LEVEL) {
            throw new IllegalArgumentException("trust level must be between " + MIN_LEVEL + " and " + MAX_LEVEL
                    + ", not " + level);
        }
    }

    private void maybeReload() {
        long now = clock.millis();
        if (now - lastCheck < recheckMillis) {
            return;
        }
        if (reloadLock.tryLock()) { // someone else checking: use what we have
            try {
                lastCheck = now;
                reloadLocked();
            } finally {
                reloadLock.unlock();
            }
        }
    }

    private void reloadLocked() {
        Stamp now = stamp();
        if (now.equals(snapshot.stamp())) {
            return;
        }
        try {
            snapshot = new Snapshot(read(), now);
            log.info("trust store reloaded from {}", file);
        } catch (TrustFileException e) {
            // keep the last good levels; remember the stamp so the bad version is reported once
            snapshot = new Snapshot(snapshot.levels(), now);
            log.warn("trust store {} not reloaded, keeping the previous levels: {}", file, e.getMessage());
        }
    }

    private void modify(Consumer<Map<Did, Integer>> change) {
        // OS file locks belong to the whole JVM (a second lock from this process would throw), so writers in this
        // process also queue on one lock per file
        ReentrantLock writeLock = WRITERS.computeIfAbsent(lockFile.toAbsolutePath().normalize(),
                k -> new ReentrantLock());
        writeLock.lock();
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = ch.lock()) {
            Map<Did, Integer> levels = new TreeMap<>(Comparator.comparing(Did::toString));
            levels.putAll(read());
            change.accept(levels);
            AtomicFiles.write(file, encode(levels));
            reloadLock.lock();
            try {
                snapshot = new Snapshot(Map.copyOf(levels), stamp());
            } finally {
                reloadLock.unlock();
            }
        } catch (IOException e) {
            throw new TrustFileException("cannot update " + file + ": " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    private Stamp stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(a.fileKey(), a.lastModifiedTime().toMillis(), a.size());
        } catch (NoSuchFileException e) {
            return Stamp.MISSING;
        } catch (IOException e) {
            return new Stamp(e.toString(), -2, -2); // unreadable: a state of its own
        }
    }

    /** The file's levels; empty when it does not exist. */
    private Map<Did, Integer> read() {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new TrustFileException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new TrustFileException(file + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        return decode(bytes, file.toString());
    }

    /**
     * Parses the trust file format.
     *
     * @throws TrustFileException not the format: wrong version, a key that is not a did:key, a level that is not an
     *                            integer in 0–10
     */
    static Map<Did, Integer> decode(byte[] bytes, String name) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new TrustFileException(name + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new TrustFileException(name + " cannot be parsed: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new TrustFileException(name + ": expected a JSON object");
        }
        JsonNode version = root.get("Version");
        if (version == null || !version.isInt() || version.intValue() != VERSION) {
            throw new TrustFileException(name + ": unsupported Version (expected " + VERSION + ")");
        }
        JsonNode trust = root.get("Trust");
        if (trust == null || !trust.isObject()) {
            throw new TrustFileException(name + ": \"Trust\" must be an object of DID → level");
        }
        Map<Did, Integer> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = trust.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            Did did;
            try {
                did = Did.parse(e.getKey());
            } catch (KeyFormatException ex) {
                throw new TrustFileException(name + ": '" + e.getKey() + "' is not a did:key: " + ex.getMessage(), ex);
            }
            JsonNode v = e.getValue();
            if (!v.isInt() || v.intValue() < MIN_LEVEL || v.intValue() > MAX_LEVEL) {
                throw new TrustFileException(name + ": level of " + did + " must be an integer 0-10, not " + v);
            }
            out.put(did, v.intValue());
        }
        return Map.copyOf(out);
    }

    static byte[] encode(Map<Did, Integer> levels) {
        ObjectNode root = JSON.createObjectNode();
        root.put("Version", VERSION);
        ObjectNode trust = root.putObject("Trust");
        levels.entrySet().stream().sorted(Comparator.comparing(e -> e.getKey().toString()))
                .forEach(e -> trust.put(e.getKey().toString(), e.getValue()));
        try {
            return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
