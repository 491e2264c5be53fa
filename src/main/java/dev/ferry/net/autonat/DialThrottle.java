package dev.ferry.net.autonat;

import dev.ferry.identity.PeerId;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The AutoNAT server's rate limits: at most {@code globalLimit} dial-backs per window for everyone and
 * {@code peerLimit} per peer (0: no limit), the counts starting afresh every {@code interval} as go-libp2p's do. The
 * per-peer counts hold only the peers of the current window. Thread-safe.
 */
final class DialThrottle {
    private final int globalLimit;
    private final int peerLimit;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<PeerId, Integer> perPeer = new HashMap<>(); // guarded by lock
    private int global; // guarded by lock
    private long windowEnd; // guarded by lock

    DialThrottle(int globalLimit, int peerLimit, Duration interval, LongSupplier nanoClock) {
        this.globalLimit = globalLimit;
        this.peerLimit = peerLimit;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.windowEnd = nanoClock.getAsLong() + intervalNanos;
    }

    /** Counts one dial-back for {@code peer} if both limits allow it; answers whether they did. */
    boolean tryAcquire(PeerId peer) {
        lock.lock();
        try {
            long now = nanoClock.getAsLong();
            if (now - windowEnd >= 0) {
                perPeer.clear();
                global = 0;
                windowEnd = now + intervalNanos;
            }
            int mine = perPeer.getOrDefault(peer, 0);
            if ((peerLimit > 0 && mine >= peerLimit) || (globalLimit > 0 && global >= globalLimit)) {
                return false;
            }
            perPeer.put(peer, mine + 1);
            global++;
            return true;
        } finally {
            lock.unlock();
        }
    }
}
