package dev.ferry.net.autonat.v2;

import dev.ferry.identity.PeerId;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The AutoNAT v2 server's rate limits, over a sliding minute as go-libp2p's: requests for everyone together, per peer,
 * and those that need dial data; and requests of one peer in progress at once. A request taken with
 * {@link #tryStart} is given back with {@link #finish} (the minute's counts stay). Thread-safe.
 */
final class RequestLimiter {
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final int global;
    private final int perPeer;
    private final int dialData;
    private final int concurrent;
    private final LongSupplier nanoClock;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Long> requests = new ArrayDeque<>(); // guarded by lock
    private final Map<PeerId, ArrayDeque<Long>> peerRequests = new HashMap<>(); // guarded by lock
    private final ArrayDeque<Long> dialDataRequests = new ArrayDeque<>(); // guarded by lock
    private final Map<PeerId, Integer> inProgress = new HashMap<>(); // guarded by lock

    RequestLimiter(int global, int perPeer, int dialData, int concurrent, LongSupplier nanoClock) {
        this.global = global;
        this.perPeer = perPeer;
        this.dialData = dialData;
        this.concurrent = concurrent;
        this.nanoClock = nanoClock;
    }

    /** Counts a request of {@code peer} if all limits allow it; answers whether they did. */
    boolean tryStart(PeerId peer) {
        lock.lock();
        try {
            long now = nanoClock.getAsLong();
            expire(now);
            ArrayDeque<Long> mine = peerRequests.getOrDefault(peer, new ArrayDeque<>());
            if (inProgress.getOrDefault(peer, 0) >= concurrent || (global > 0 && requests.size() >= global)
                    || (perPeer > 0 && mine.size() >= perPeer)) {
                return false;
            }
            inProgress.merge(peer, 1, Integer::sum);
            requests.addLast(now);
            mine.addLast(now);
            peerRequests.put(peer, mine);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Counts a request that needs dial data, if the limit allows it. */
    boolean tryDialData() {
        lock.lock();
        try {
            long now = nanoClock.getAsLong();
            expire(now);
            if (dialData > 0 && dialDataRequests.size() >= dialData) {
                return false;
            }
            dialDataRequests.addLast(now);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends a request of {@code peer} taken with {@link #tryStart}. */
    void finish(PeerId peer) {
        lock.lock();
        try {
            inProgress.computeIfPresent(peer, (p, n) -> n <= 1 ? null : n - 1);
        } finally {
            lock.unlock();
        }
    }

    private void expire(long now) {
        drop(requests, now);
        drop(dialDataRequests, now);
        for (Iterator<ArrayDeque<Long>> it = peerRequests.values().iterator(); it.hasNext();) {
            ArrayDeque<Long> q = it.next();
            drop(q, now);
            if (q.isEmpty()) {
                it.remove();
            }
        }
    }

    private static void drop(ArrayDeque<Long> q, long now) {
        while (!q.isEmpty() && now - q.peekFirst() >= MINUTE) {
            q.removeFirst();
        }
    }
}
