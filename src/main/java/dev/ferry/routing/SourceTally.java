package dev.ferry.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/** Adds up what each source delivered to a session, in the order the sources first delivered. Thread-safe. */
public final class SourceTally {
    private record Key(String type, String id) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Key, long[]> counts = new LinkedHashMap<>(); // guarded by lock: {blocks, bytes}

    public void add(String type, String id, long blocks, long bytes) {
        if (blocks == 0 && bytes == 0) {
            return;
        }
        lock.lock();
        try {
            long[] c = counts.computeIfAbsent(new Key(type, id), k -> new long[2]);
            c[0] += blocks;
            c[1] += bytes;
        } finally {
            lock.unlock();
        }
    }

    public void addAll(Collection<SourceUse> uses) {
        for (SourceUse u : uses) {
            add(u.type(), u.id(), u.blocks(), u.bytes());
        }
    }

    public List<SourceUse> snapshot() {
        lock.lock();
        try {
            List<SourceUse> out = new ArrayList<>(counts.size());
            counts.forEach((k, c) -> out.add(new SourceUse(k.type(), k.id(), c[0], c[1])));
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The uses of several sessions added up per source. */
    public static List<SourceUse> merge(List<List<SourceUse>> parts) {
        SourceTally t = new SourceTally();
        parts.forEach(t::addAll);
        return t.snapshot();
    }
}
