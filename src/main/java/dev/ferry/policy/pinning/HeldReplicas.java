package dev.ferry.policy.pinning;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.TableFile;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The DAGs this node keeps for other peers, persisted in one file replaced atomically at every change (temp file,
 * fsync, rename): a crash leaves the old or the new table. Garbage collection keeps every root of a KEPT entry whole.
 * Thread-safe.
 *
 * <pre>
 * ferry-held-replicas v1
 * held &lt;root CID&gt; &lt;requester&gt; &lt;FETCHING|KEPT|FAILED&gt; &lt;bytes&gt; &lt;changed unix ms&gt; &lt;message, URL-encoded, "-" if empty&gt;
 * end &lt;entries&gt;
 * </pre>
 */
public final class HeldReplicas {
    private static final long MAX_FILE_BYTES = 64L << 20;
    static final String MAGIC = "ferry-held-replicas v1";
    /** The file's name in the repository. */
    public static final String FILE = "held-replicas";

    private final Path file;
    private final Map<HeldReplica.Key, HeldReplica> entries;

    private HeldReplicas(Path file, Map<HeldReplica.Key, HeldReplica> entries) {
        this.file = file;
        this.entries = entries;
    }

    /** Opens the table in {@code file} (empty when the file does not exist yet). */
    public static HeldReplicas open(Path file) {
        return new HeldReplicas(file, read(file));
    }

    /**
     * The roots of every complete entry in the table at {@code file}, for a collection that runs without a node (an
     * empty list when there is no file).
     */
    public static Set<Cid> keptRoots(Path file) {
        return open(file).keptRoots();
    }

    public synchronized Optional<HeldReplica> get(Cid root, String requester) {
        return Optional.ofNullable(entries.get(new HeldReplica.Key(root, requester)));
    }

    public synchronized List<HeldReplica> list() {
        return List.copyOf(entries.values());
    }

    /** Roots of KEPT entries: what garbage collection must keep. */
    public synchronized Set<Cid> keptRoots() {
        Set<Cid> out = new LinkedHashSet<>();
        entries.values().stream().filter(e -> e.state() == HeldReplica.State.KEPT).forEach(e -> out.add(e.root()));
        return out;
    }

    /** Whether any requester still has an entry (of any state) for {@code root}. */
    public synchronized boolean anyFor(Cid root) {
        return entries.keySet().stream().anyMatch(k -> k.root().equals(root));
    }

    /** Bytes of all KEPT entries, each root counted once. */
    public synchronized long keptBytes() {
        Map<Cid, Long> byRoot = new LinkedHashMap<>();
        entries.values().stream().filter(e -> e.state() == HeldReplica.State.KEPT)
                .forEach(e -> byRoot.put(e.root(), e.bytes()));
        return byRoot.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Bytes of {@code requester}'s FETCHING and KEPT entries: what this node keeps, or is getting, for it. */
    public synchronized long bytesFor(String requester) {
        return entries.values().stream().filter(e -> e.requester().equals(requester)
                && e.state() != HeldReplica.State.FAILED).mapToLong(HeldReplica::bytes).sum();
    }

    public synchronized int size() {
        return entries.size();
    }

    /** Adds or replaces an entry, durably. */
    public synchronized void put(HeldReplica e) {
        HeldReplica old = entries.put(e.key(), e);
        try {
            save();
        } catch (RuntimeException ex) {
            if (old == null) {
                entries.remove(e.key());
            } else {
                entries.put(e.key(), old);
            }
            throw ex;
        }
    }

    /** Removes an entry, durably; true when there was one. */
    public synchronized boolean remove(Cid root, String requester) {
        HeldReplica old = entries.remove(new HeldReplica.Key(root, requester));
        if (old == null) {
            return false;
        }
        try {
            save();
        } catch (RuntimeException ex) {
            entries.put(old.key(), old);
            throw ex;
        }
        return true;
    }

    private void save() {
        StringBuilder sb = new StringBuilder(MAGIC).append('\n');
        for (HeldReplica e : entries.values()) {
            sb.append("held ").append(e.root()).append(' ').append(e.requester()).append(' ').append(e.state())
                    .append(' ').append(e.bytes()).append(' ').append(e.changedAtMillis()).append(' ')
                    .append(e.message().isEmpty() ? "-" : URLEncoder.encode(e.message(), StandardCharsets.UTF_8))
                    .append('\n');
        }
        sb.append("end ").append(entries.size()).append('\n');
        TableFile.write(file, sb);
    }

    private static Map<HeldReplica.Key, HeldReplica> read(Path file) {
        Map<HeldReplica.Key, HeldReplica> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        List<String> body = new ArrayList<>(TableFile.read(file, MAGIC, MAX_FILE_BYTES));
        if (body.isEmpty() || !body.get(body.size() - 1).startsWith("end ")) {
            throw new IllegalStateException(file + ": truncated (no end line)");
        }
        String end = body.remove(body.size() - 1);
        for (String l : body) {
            String[] f = l.split(" ", -1);
            try {
                if (f.length != 7 || !f[0].equals("held")) {
                    throw new IllegalArgumentException("not a held line");
                }
                HeldReplica e = new HeldReplica(Cid.parse(f[1]), f[2], HeldReplica.State.valueOf(f[3]),
                        Long.parseLong(f[4]), Long.parseLong(f[5]),
                        f[6].equals("-") ? "" : URLDecoder.decode(f[6], StandardCharsets.UTF_8));
                out.put(e.key(), e);
            } catch (RuntimeException ex) {
                throw new IllegalStateException(file + ": bad line '" + l + "': " + ex.getMessage(), ex);
            }
        }
        if (!end.equals("end " + out.size())) {
            throw new IllegalStateException(file + ": " + end + " does not match its " + out.size() + " entries");
        }
        return out;
    }
}
