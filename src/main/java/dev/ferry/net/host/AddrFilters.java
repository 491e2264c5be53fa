package dev.ferry.net.host;

import dev.ferry.multiformats.IpCidr;
import dev.ferry.multiformats.Multiaddr;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The IP prefixes a host neither dials nor accepts connections from (Kubo's {@code Swarm.AddrFilters}): a dial skips
 * every address inside one, and an accepted connection from one is dropped before its handshake. Changed while the
 * host runs ({@code swarm filters add|rm}); kept in the order they were added. Thread-safe.
 */
public final class AddrFilters {
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashSet<IpCidr> filters = new LinkedHashSet<>();
    private volatile List<IpCidr> snapshot = List.of(); // read on every dial and accept without the lock

    /** Adds the prefixes not there yet; answers whether any was new. */
    public boolean add(Collection<IpCidr> added) {
        lock.lock();
        try {
            boolean changed = filters.addAll(added);
            snapshot = List.copyOf(filters);
            return changed;
        } finally {
            lock.unlock();
        }
    }

    /** Removes the prefixes; answers those that were there. */
    public List<IpCidr> remove(Collection<IpCidr> removed) {
        lock.lock();
        try {
            List<IpCidr> out = removed.stream().distinct().filter(filters::remove).toList();
            snapshot = List.copyOf(filters);
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Removes every prefix; answers them. */
    public List<IpCidr> clear() {
        lock.lock();
        try {
            List<IpCidr> out = List.copyOf(filters);
            filters.clear();
            snapshot = List.of();
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The prefixes, in the order they were added. */
    public List<IpCidr> list() {
        return snapshot;
    }

    /** Whether the address's IP lies inside one of the prefixes (an address without an IP never does). */
    public boolean blocks(Multiaddr address) {
        for (IpCidr f : snapshot) {
            if (f.matches(address)) {
                return true;
            }
        }
        return false;
    }
}
