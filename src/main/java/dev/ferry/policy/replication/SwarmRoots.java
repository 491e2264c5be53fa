package dev.ferry.policy.replication;

import dev.ferry.identity.Did;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The roots the swarm's members announced: per root and announcer, when this node last heard it. At most
 * {@link #MAX_ENTRIES} entries, the least recently announced forgotten first; {@link #expire} forgets the ones not
 * heard again in time.
 *
 * <p>Persisted in one file ({@link SwarmRootsCodec}) replaced atomically by {@link #save()}, which the periodic check
 * calls: a table of 100,000 entries is not rewritten for every announcement, and what a crash loses is heard again at
 * the next announcements. A file that cannot be read is reported and the table starts empty, for the same reason.
 * Thread-safe.
 */
public final class SwarmRoots {
    private static final Logger LOG = LoggerFactory.getLogger(SwarmRoots.class);
    /** The file's name in the repository. */
    public static final String FILE = "swarm-roots";
    /** Entries kept at most. */
    public static final int MAX_ENTRIES = 100_000;

    private final Path file;
    private final int maxEntries;
    /** In the order last heard: the eldest is the least recently announced. */
    private final LinkedHashMap<SwarmRoot.Key, SwarmRoot> entries = new LinkedHashMap<>();
    private boolean dirty;

    private SwarmRoots(Path file, int maxEntries) {
        this.file = Objects.requireNonNull(file, "file");
        this.maxEntries = maxEntries;
    }

    /** Opens the table in {@code file}: empty when there is none, or when it cannot be read (with a warning). */
    public static SwarmRoots open(Path file) {
        return open(file, MAX_ENTRIES);
    }

    /** As {@link #open(Path)}, keeping at most {@code maxEntries} (tests use a few). */
    static SwarmRoots open(Path file, int maxEntries) {
        SwarmRoots t = new SwarmRoots(file, maxEntries);
        try {
            if (Files.size(file) > SwarmRootsCodec.MAX_FILE_SIZE) {
                throw new CorruptSwarmRootsException("larger than " + SwarmRootsCodec.MAX_FILE_SIZE + " bytes");
            }
            List<SwarmRoot> read = new ArrayList<>(SwarmRootsCodec.decode(Files.readAllBytes(file)));
            read.sort(Comparator.comparingLong(SwarmRoot::announcedAtMillis));
            read.forEach(e -> t.entries.put(e.key(), e));
            t.trim();
        } catch (NoSuchFileException e) {
            // a new table
        } catch (IOException | CorruptSwarmRootsException e) {
            LOG.warn("{}: unreadable swarm roots, starting empty: {}", file, e.getMessage());
        }
        return t;
    }

    /** Records that {@code announcer} announced {@code root} at {@code atMillis}. */
    public synchronized void heard(Cid root, Did announcer, long atMillis) {
        SwarmRoot e = new SwarmRoot(root, announcer, atMillis);
        entries.remove(e.key()); // re-inserted: the most recent last
        entries.put(e.key(), e);
        trim();
        dirty = true;
    }

    /**
     * Forgets that {@code announcer} announced {@code root} (it withdrew it); returns whether it had. A root left with
     * no announcer is forgotten, as an expired one.
     */
    public synchronized boolean withdraw(Cid root, Did announcer) {
        boolean had = entries.remove(new SwarmRoot.Key(root, announcer)) != null;
        dirty |= had;
        return had;
    }

    /** The roots {@code announcer} announced, in the order last heard. */
    public synchronized List<Cid> announcedBy(Did announcer) {
        return entries.keySet().stream().filter(k -> k.announcer().equals(announcer)).map(SwarmRoot.Key::root)
                .toList();
    }

    /** Forgets the announcements heard before {@code oldestMillis}; returns how many. */
    public synchronized int expire(long oldestMillis) {
        int n = 0;
        for (Iterator<SwarmRoot> it = entries.values().iterator(); it.hasNext(); ) {
            if (it.next().announcedAtMillis() < oldestMillis) {
                it.remove();
                n++;
            }
        }
        dirty |= n > 0;
        return n;
    }

    /** Every root with its announcers (sorted by DID), roots in CID order. */
    public synchronized Map<Cid, List<SwarmRoot>> byRoot() {
        Map<Cid, List<SwarmRoot>> out = new TreeMap<>(Comparator.comparing(Cid::toString));
        for (SwarmRoot e : entries.values()) {
            out.computeIfAbsent(e.root(), r -> new ArrayList<>()).add(e);
        }
        out.values().forEach(l -> l.sort(Comparator.comparing(e -> e.announcer().toString())));
        return out;
    }

    /** Whether any announcement of {@code root} is remembered. */
    public synchronized boolean knows(Cid root) {
        return entries.keySet().stream().anyMatch(k -> k.root().equals(root));
    }

    public synchronized int size() {
        return entries.size();
    }

    /** Every entry, oldest announcement first. */
    public synchronized List<SwarmRoot> entries() {
        return List.copyOf(entries.values());
    }

    /** Writes the table when it changed since the last write; a failure is logged (it is heard again anyway). */
    public synchronized void save() {
        if (!dirty) {
            return;
        }
        try {
            AtomicFiles.write(file, SwarmRootsCodec.encode(entries.values()));
            dirty = false;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write the swarm roots {}: {}", file, e.getMessage());
        }
    }

    private void trim() {
        while (entries.size() > maxEntries) {
            entries.remove(entries.keySet().iterator().next());
        }
    }
}
