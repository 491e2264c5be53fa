package dev.ferry.policy.pinning;

import dev.ferry.exchange.ferry.PeerDids;
import dev.ferry.identity.Did;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What other peers have proven they keep for this node: per holder (its did:key) and root, the DAG's bytes and when
 * the last proof of it succeeded. A peer's credit is the sum over its roots proven within {@code creditFor}: a new
 * proof renews a root's credit, an old one stops counting, a failed proof takes that root's credit back at once.
 *
 * <p>Peers whose ID inlines no did:key (RSA, ECDSA) are not recorded. At most {@value #MAX_ENTRIES} entries, the
 * oldest proofs forgotten first. Persisted in one file replaced atomically at every change ({@link StorageLedgerCodec});
 * a file that cannot be read is reported and the ledger starts empty: credit is earned again by the next proofs,
 * and a lost ledger only means less is accepted. Thread-safe.
 */
public final class StorageLedger implements ProofObserver {
    private static final Logger LOG = LoggerFactory.getLogger(StorageLedger.class);
    /** The file's name in the repository. */
    public static final String FILE = "storage-ledger";
    /** Entries kept at most. */
    public static final int MAX_ENTRIES = 10_000;

    private final Path file;
    private final Duration creditFor;
    private final InstantSource clock;
    private final int maxEntries;
    private final Map<LedgerEntry.Key, LedgerEntry> entries = new LinkedHashMap<>();
    private final List<Consumer<PeerId>> creditListeners = new CopyOnWriteArrayList<>();

    private StorageLedger(Path file, Duration creditFor, InstantSource clock, int maxEntries) {
        this.maxEntries = maxEntries;
        this.file = Objects.requireNonNull(file, "file");
        this.creditFor = Objects.requireNonNull(creditFor, "creditFor");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Opens the ledger in {@code file}: empty when there is none, or when it cannot be read (with a warning). */
    public static StorageLedger open(Path file, Duration creditFor, InstantSource clock) {
        return open(file, creditFor, clock, MAX_ENTRIES);
    }

    /** As {@link #open(Path, Duration, InstantSource)}, keeping at most {@code maxEntries} (tests use a few). */
    static StorageLedger open(Path file, Duration creditFor, InstantSource clock, int maxEntries) {
        StorageLedger l = new StorageLedger(file, creditFor, clock, maxEntries);
        try {
            byte[] bytes;
            if (Files.size(file) > StorageLedgerCodec.MAX_FILE_SIZE) {
                throw new CorruptLedgerException("larger than " + StorageLedgerCodec.MAX_FILE_SIZE + " bytes");
            }
            bytes = Files.readAllBytes(file);
            StorageLedgerCodec.decode(bytes).forEach(e -> l.entries.put(e.key(), e));
        } catch (NoSuchFileException e) {
            // a new ledger
        } catch (IOException | CorruptLedgerException e) {
            LOG.warn("{}: unreadable storage ledger, starting empty: {}", file, e.getMessage());
        }
        return l;
    }

    /**
     * Calls {@code listener} with the holder after each recorded proof outcome that may have changed its credit (a
     * new proof, a withdrawal), on the reporting thread and outside the ledger's lock. Credit that merely expires is
     * not reported: a caller that cares asks {@link #creditOf} again in time.
     */
    public void addCreditListener(Consumer<PeerId> listener) {
        creditListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** How long one proof counts. */
    public Duration creditFor() {
        return creditFor;
    }

    @Override
    public void proven(PeerId holder, Cid root, long bytes, long atMillis) {
        Optional<Did> did = PeerDids.didOf(holder);
        if (did.isEmpty() || root == null || bytes < 0) {
            return;
        }
        LedgerEntry e = new LedgerEntry(did.get(), root, bytes, atMillis);
        synchronized (this) {
            LedgerEntry old = entries.get(e.key());
            if (old != null && old.provenAtMillis() > atMillis) {
                return; // a late report of an older proof renews nothing
            }
            entries.put(e.key(), e);
            while (entries.size() > maxEntries) {
                entries.values().stream().min(Comparator.comparingLong(LedgerEntry::provenAtMillis))
                        .ifPresent(oldest -> entries.remove(oldest.key()));
            }
            save();
        }
        creditChanged(holder);
    }

    @Override
    public void failed(PeerId holder, Cid root, String reason, long atMillis) {
        Optional<Did> did = PeerDids.didOf(holder);
        if (did.isEmpty() || root == null) {
            return;
        }
        synchronized (this) {
            if (entries.remove(new LedgerEntry.Key(did.get(), root)) == null) {
                return;
            }
            LOG.info("{} failed a storage proof for {}: its credit for it is withdrawn ({})", did.get(), root, reason);
            save();
        }
        creditChanged(holder);
    }

    private void creditChanged(PeerId holder) {
        for (Consumer<PeerId> l : creditListeners) {
            try {
                l.accept(holder);
            } catch (RuntimeException e) {
                LOG.warn("a credit listener failed for {}", holder, e);
            }
        }
    }

    /** Bytes {@code holder} has proven it keeps for this node within {@link #creditFor()} of now. */
    public synchronized long creditOf(Did holder) {
        long now = clock.millis();
        long sum = 0;
        for (LedgerEntry e : entries.values()) {
            if (e.holder().equals(holder) && counts(e, now)) {
                sum = sum > Long.MAX_VALUE - e.bytes() ? Long.MAX_VALUE : sum + e.bytes();
            }
        }
        return sum;
    }

    /** When {@code holder}'s last proof succeeded (unix ms), if any is recorded. */
    public synchronized Optional<Long> lastProofOf(Did holder) {
        return entries.values().stream().filter(e -> e.holder().equals(holder))
                .map(LedgerEntry::provenAtMillis).max(Long::compare);
    }

    /** The holders with an entry, in the order they first appeared. */
    public synchronized Set<Did> holders() {
        Set<Did> out = new LinkedHashSet<>();
        entries.values().forEach(e -> out.add(e.holder()));
        return out;
    }

    /** Every entry, stale ones included. */
    public synchronized List<LedgerEntry> entries() {
        return List.copyOf(entries.values());
    }

    private boolean counts(LedgerEntry e, long now) {
        return now - e.provenAtMillis() <= creditFor.toMillis();
    }

    /** A ledger that cannot be written still counts in memory: credit is a courtesy, not a debt. */
    private void save() {
        try {
            AtomicFiles.write(file, StorageLedgerCodec.encode(entries.values()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write the storage ledger {}: {}", file, e.getMessage());
        }
    }
}
