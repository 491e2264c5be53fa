package dev.ferry.policy.replication;

import dev.ferry.identity.Did;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.policy.replication.wire.MemberRecord;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The members heard of by their records, and the dials that connect this node to those it is not connected to, so
 * that a partial mesh of members becomes a full one and every member sees the same membership.
 *
 * <p>Bounds: at most {@code maxMembers} records remembered (a record from one more author is refused until another
 * expires), each forgotten when not heard again within the expiry time or when its author is no longer trusted
 * enough; at most {@value #DIALS_AT_ONCE} dials at once (the others wait for the next round); after a failed dial a
 * member is not dialled again before a backoff of {@link #FIRST_BACKOFF}, doubling up to {@link #MAX_BACKOFF}. Only
 * the records' signed authors are remembered, only those the caller found trusted, and each is dialled only at the
 * addresses its own record names. A member this node connected to by a dial of its own is protected from connection
 * trimming until it is forgotten.
 *
 * <p>The members are kept across restarts ({@link SwarmMembers}): {@link #restore} takes them back at start, and
 * {@link #save()}, which the periodic check calls, writes them when a record was heard or a member forgotten since
 * the last write, not at every record. How dials went (failures, backoff, protection) is not kept: after a restart
 * each member's last addresses deserve one try at once, as those of a member just heard of, since the restart is
 * often this node's own network changing, and one round of at most {@code maxMembers} dials,
 * {@value #DIALS_AT_ONCE} at a time, costs little. Thread-safe.
 */
final class MemberDialer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MemberDialer.class);
    static final int DIALS_AT_ONCE = 4;
    static final Duration FIRST_BACKOFF = Duration.ofMinutes(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(30);

    /** What became of a record. */
    enum Taken { NEW, RENEWED, FULL }

    private static final class Entry {
        final PeerId peer;
        final Did did;
        List<Multiaddr> addresses;
        long heardAt;
        boolean dialled;
        boolean dialling;
        int failures;
        long retryAt;
        String error = "";

        Entry(PeerId peer, Did did) {
            this.peer = peer;
            this.did = did;
        }
    }

    private final SwarmPeers peers;
    private final InstantSource clock;
    private final int maxMembers;
    private final Executor executor;
    private final Semaphore slots = new Semaphore(DIALS_AT_ONCE);
    private final SwarmMembers store;
    private final Object writing = new Object(); // one write at a time, in the order of their snapshots
    private final Map<PeerId, Entry> entries = new LinkedHashMap<>(); // guarded by this
    private boolean closed; // guarded by this
    private boolean changed; // since the last write; guarded by this

    /**
     * @param executor runs each dial (a virtual thread each in a node)
     * @param store    where the members are kept across restarts
     */
    MemberDialer(SwarmPeers peers, InstantSource clock, int maxMembers, Executor executor, SwarmMembers store) {
        this.peers = Objects.requireNonNull(peers, "peers");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxMembers = maxMembers;
        this.executor = Objects.requireNonNull(executor, "executor");
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Takes back the members stored before a restart: those heard since {@code heardSince} (this node's clock, millis)
     * whose did:key {@code trusted} still accepts, {@code self} left out, the {@code maxMembers} most recently heard
     * at most. A time to come (the clock went back) counts as now. Returns how many were taken; they are dialled at
     * the next {@link #dialDue}, none having failed yet.
     */
    synchronized int restore(PeerId self, long heardSince, Predicate<Did> trusted) {
        List<StoredMember> stored = store.read();
        long now = clock.millis();
        List<StoredMember> kept = stored.stream()
                .filter(m -> !m.peer().equals(self) && !entries.containsKey(m.peer()))
                .map(m -> m.heardAtMillis() > now ? new StoredMember(m.peer(), m.did(), m.addresses(), now) : m)
                .filter(m -> m.heardAtMillis() >= heardSince && trusted.test(m.did()))
                .sorted(Comparator.comparingLong(StoredMember::heardAtMillis).reversed())
                .limit(Math.max(0, maxMembers - entries.size()))
                .toList();
        for (StoredMember m : kept) {
            Entry e = new Entry(m.peer(), m.did());
            e.addresses = m.addresses();
            e.heardAt = m.heardAtMillis();
            entries.put(m.peer(), e);
        }
        changed |= !new HashSet<>(kept).equals(new HashSet<>(stored)); // what was left out leaves the file too
        if (!stored.isEmpty()) {
            LOG.info("remembered {} swarm members of {} stored", kept.size(), stored.size());
        }
        return kept.size();
    }

    /** Writes the members when they changed since the last write; a failure is logged and tried again next time. */
    void save() {
        synchronized (writing) {
            List<StoredMember> snapshot;
            synchronized (this) {
                if (!changed) {
                    return;
                }
                changed = false;
                snapshot = entries.values().stream()
                        .map(e -> new StoredMember(e.peer, e.did, e.addresses, e.heardAt)).toList();
            }
            if (!store.write(snapshot)) {
                synchronized (this) {
                    changed = true;
                }
            }
        }
    }

    /** Takes in the record of {@code peer}, whose did:key the caller trusts enough. */
    synchronized Taken heard(PeerId peer, Did did, MemberRecord record) {
        Entry e = entries.get(peer);
        Taken taken = Taken.RENEWED;
        if (e == null) {
            if (entries.size() >= maxMembers || closed) {
                return Taken.FULL;
            }
            e = new Entry(peer, did);
            entries.put(peer, e);
            taken = Taken.NEW;
        }
        if (!record.addresses().equals(e.addresses)) { // moved: its new addresses deserve a try at once
            e.addresses = record.addresses();
            e.failures = 0;
            e.retryAt = 0;
        }
        e.heardAt = clock.millis();
        changed = true;
        return taken;
    }

    /**
     * Starts a dial to each remembered member that {@code trusted} accepts, is not connected, has addresses and is
     * past its backoff, {@value #DIALS_AT_ONCE} at most in flight; the others wait for the next call.
     */
    void dialDue(Predicate<Did> trusted) {
        List<Entry> due;
        synchronized (this) {
            long now = clock.millis();
            due = entries.values().stream().filter(e -> !e.dialling && !e.addresses.isEmpty() && now >= e.retryAt
                    && trusted.test(e.did)).toList();
        }
        for (Entry e : due) {
            if (peers.isConnected(e.peer)) {
                continue;
            }
            if (!slots.tryAcquire()) {
                return;
            }
            List<Multiaddr> addresses;
            synchronized (this) {
                if (closed || e.dialling || entries.get(e.peer) != e) {
                    slots.release();
                    continue;
                }
                e.dialling = true;
                addresses = e.addresses;
            }
            try {
                executor.execute(() -> dial(e, addresses));
            } catch (RuntimeException ex) { // the executor refused: shutting down
                synchronized (this) {
                    e.dialling = false;
                }
                slots.release();
                return;
            }
        }
    }

    private void dial(Entry e, List<Multiaddr> addresses) {
        String error = null;
        try {
            peers.dial(e.peer, addresses);
        } catch (Exception ex) { // IOException, or an address the network refuses outright
            error = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        }
        try {
            synchronized (this) {
                e.dialling = false;
                if (error == null) {
                    e.failures = 0;
                    e.retryAt = 0;
                    e.error = "";
                    if (!closed && entries.get(e.peer) == e && !e.dialled) {
                        e.dialled = true;
                        peers.protect(e.peer, true); // the swarm's mesh is what keeps members' views the same
                    }
                    LOG.info("connected to swarm member {} ({})", e.did, e.peer);
                } else {
                    e.failures++;
                    e.retryAt = clock.millis() + backoff(e.failures).toMillis();
                    e.error = error;
                    LOG.debug("swarm member {} not reached ({} failures): {}", e.did, e.failures, error);
                }
            }
        } finally {
            slots.release();
        }
    }

    /** The wait after {@code failures} failed dials in a row. */
    static Duration backoff(int failures) {
        int shift = Math.min(Math.max(failures - 1, 0), 16);
        Duration d = FIRST_BACKOFF.multipliedBy(1L << shift);
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    /**
     * Forgets the members not heard since {@code heardBefore} (this node's clock, millis) and those {@code trusted}
     * no longer accepts; returns how many.
     */
    synchronized int forget(long heardBefore, Predicate<Did> trusted) {
        List<Entry> gone = entries.values().stream().filter(e -> e.heardAt < heardBefore || !trusted.test(e.did))
                .toList();
        for (Entry e : gone) {
            entries.remove(e.peer);
            if (e.dialled) {
                peers.protect(e.peer, false);
            }
        }
        changed |= !gone.isEmpty();
        return gone.size();
    }

    /** The remembered members, in DID order. */
    List<KnownMember> known() {
        List<KnownMember> out = new ArrayList<>();
        synchronized (this) {
            for (Entry e : entries.values()) {
                out.add(new KnownMember(e.peer, e.did, e.addresses, e.heardAt, false, e.dialled, e.failures,
                        e.retryAt, e.error));
            }
        }
        // whether each is connected is asked outside the lock: the network has locks of its own
        return out.stream().map(k -> new KnownMember(k.peer(), k.did(), k.addresses(), k.heardAtMillis(),
                peers.isConnected(k.peer()), k.dialled(), k.failures(), k.retryAtMillis(), k.error()))
                .sorted(Comparator.comparing(k -> k.did().toString())).toList();
    }

    /** Stops dialling and lifts the protection of the members this node dialled. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Entry e : entries.values()) {
            if (e.dialled) {
                peers.protect(e.peer, false);
                e.dialled = false;
            }
        }
    }
}
