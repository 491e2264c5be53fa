package dev.ferry.routing.prefetch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ferry.multiformats.Cid;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A first-order model of what is asked for after what: B follows A when the same client asks for B within
 * {@link SuccessorModelConfig#window()} after A. For each CID it keeps how often it was requested and, for up to
 * {@link SuccessorModelConfig#maxSuccessors()} successors, how often each followed; all counts decay exponentially
 * with {@link SuccessorModelConfig#halfLife()}. A successor is predicted when its count and its share of the CID's
 * requests both reach the thresholds.
 *
 * <p>Memory is bounded: the CIDs (and the clients' last requests) live in size-bounded Caffeine caches whose
 * frequency-aware eviction keeps the often-requested CIDs when a flood of one-off CIDs passes; a new successor of a
 * full CID replaces its weakest one. A client asking for the same CID again (a reload, a range request) is one
 * request, not a transition.
 *
 * <p>Thread-safe: updates are short and serialised by one lock. Time comes from the injected clock only.
 */
public final class SuccessorModel {
    private final SuccessorModelConfig config;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Cache<String, LastRequest> clients; // guarded by lock
    private final Cache<Cid, Entry> entries; // guarded by lock
    private long changes; // guarded by lock

    private record LastRequest(Cid cid, Instant at) {}

    /** One CID's counts, decayed up to {@code at}; guarded by the model's lock. */
    private static final class Entry {
        double seen;
        Instant at;
        final Map<Cid, Double> next = new HashMap<>();

        Entry(Instant at) {
            this.at = at;
        }

        void decayTo(Instant now, Duration halfLife) {
            long ms = Duration.between(at, now).toMillis();
            if (ms <= 0) {
                return;
            }
            double f = Math.pow(0.5, (double) ms / halfLife.toMillis());
            seen *= f;
            next.replaceAll((k, v) -> v * f);
            at = now;
        }

        void follow(Cid successor, int max) {
            if (!next.containsKey(successor) && next.size() >= max) {
                next.entrySet().stream().min(Map.Entry.comparingByValue())
                        .ifPresent(weakest -> next.remove(weakest.getKey()));
            }
            next.merge(successor, 1.0, Double::sum);
        }
    }

    public SuccessorModel(SuccessorModelConfig config, InstantSource clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        // evictions run on the caller's thread: the bound holds as soon as an update returns
        this.clients = Caffeine.newBuilder().maximumSize(config.maxClients()).executor(Runnable::run).build();
        this.entries = Caffeine.newBuilder().maximumSize(config.maxCids()).executor(Runnable::run).build();
    }

    public SuccessorModelConfig config() {
        return config;
    }

    /**
     * Records that {@code client} asked for {@code cid} now: one more request of {@code cid}, and one more time
     * {@code cid} followed the client's previous request if that was another CID within the window.
     *
     * @param client who asked (an opaque key: a remote address, the local CLI)
     */
    public void observe(String client, Cid cid) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(cid, "cid");
        Instant now = clock.instant();
        lock.lock();
        try {
            LastRequest last = clients.getIfPresent(client);
            clients.put(client, new LastRequest(cid, now));
            if (last != null && last.cid().equals(cid)) {
                return;
            }
            changes++;
            Entry e = entries.get(cid, k -> new Entry(now));
            e.decayTo(now, config.halfLife());
            e.seen += 1;
            if (last != null && !now.isBefore(last.at())
                    && Duration.between(last.at(), now).compareTo(config.window()) <= 0) {
                Entry prev = entries.getIfPresent(last.cid());
                if (prev != null) {
                    prev.decayTo(now, config.halfLife());
                    prev.follow(cid, config.maxSuccessors());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The successors of {@code cid} that pass the thresholds, the likeliest first; empty when none does. */
    public List<Prediction> predict(Cid cid) {
        Instant now = clock.instant();
        lock.lock();
        try {
            Entry e = entries.getIfPresent(cid);
            if (e == null || e.seen <= 0) {
                return List.of();
            }
            e.decayTo(now, config.halfLife());
            List<Prediction> out = new ArrayList<>();
            for (Map.Entry<Cid, Double> s : e.next.entrySet()) {
                double p = Math.min(1.0, s.getValue() / e.seen);
                // a count within 1 % of the minimum passes: decay over the minutes between sightings must not hold
                // back the last one needed
                if (s.getValue() >= config.minCount() * 0.99 && p >= config.minProbability()) {
                    out.add(new Prediction(s.getKey(), s.getValue(), p));
                }
            }
            out.sort(Comparator.comparingDouble(Prediction::probability).reversed()
                    .thenComparing(Comparator.comparingDouble(Prediction::count).reversed()));
            return List.copyOf(out.subList(0, Math.min(out.size(), config.maxPredictions())));
        } finally {
            lock.unlock();
        }
    }

    /** How many CIDs the model holds now (never more than {@link SuccessorModelConfig#maxCids()}). */
    public int size() {
        lock.lock();
        try {
            entries.cleanUp();
            return (int) entries.estimatedSize();
        } finally {
            lock.unlock();
        }
    }

    /** How many clients' last requests are remembered (never more than {@link SuccessorModelConfig#maxClients()}). */
    public int clients() {
        lock.lock();
        try {
            clients.cleanUp();
            return (int) clients.estimatedSize();
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many times what is learned has changed (a request counted, entries restored): while it stays the same, so
     * does what {@link #export} holds, but for the decay that time alone brings, which a saved file replays anyway.
     */
    public long changes() {
        lock.lock();
        try {
            return changes;
        } finally {
            lock.unlock();
        }
    }

    /** Everything learned, to be saved ({@link SuccessorModelFile}); the clients' last requests are not part of it. */
    public List<LearnedEntry> export() {
        lock.lock();
        try {
            List<LearnedEntry> out = new ArrayList<>();
            entries.asMap().forEach((cid, e) -> out.add(new LearnedEntry(cid, e.seen, e.at, e.next)));
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds saved entries (replacing what is known of the same CIDs), within the model's limits: extra successors
     * beyond {@link SuccessorModelConfig#maxSuccessors()} are dropped, the weakest first.
     */
    public void restore(List<LearnedEntry> saved) {
        lock.lock();
        try {
            changes++;
            for (LearnedEntry le : saved) {
                Entry e = new Entry(le.at());
                e.seen = le.seen();
                le.successors().entrySet().stream()
                        .sorted(Map.Entry.<Cid, Double>comparingByValue().reversed())
                        .limit(config.maxSuccessors())
                        .forEach(s -> e.next.put(s.getKey(), s.getValue()));
                entries.put(le.cid(), e);
            }
        } finally {
            lock.unlock();
        }
    }
}
