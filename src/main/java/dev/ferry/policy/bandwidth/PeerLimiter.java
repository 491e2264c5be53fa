package dev.ferry.policy.bandwidth;

import dev.ferry.identity.PeerId;
import dev.ferry.net.bandwidth.Direction;
import dev.ferry.net.bandwidth.RateLimiter;
import dev.ferry.net.bandwidth.TokenBucket;
import java.io.InterruptedIOException;
import java.util.function.Predicate;

/**
 * One peer's limiter: its own bucket, then the shared bucket of its class, the class decided per call (a peer becomes
 * a ferry peer once its capabilities are known, while its connections stay open).
 */
record PeerLimiter(PeerId peer, RateLimiter own, RateLimiter p2p, RateLimiter ipfs, Predicate<PeerId> isFerryPeer)
        implements RateLimiter {

    /** Piece by piece through both, so that each bucket refills while the caller waits for the other. */
    @Override
    public void acquire(Direction direction, int bytes) throws InterruptedIOException {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes < 0: " + bytes);
        }
        RateLimiter shared = isFerry() ? p2p : ipfs;
        int left = bytes;
        while (left > 0) {
            int n = Math.min(left, TokenBucket.MAX_CHUNK);
            own.acquire(direction, n);
            shared.acquire(direction, n);
            left -= n;
        }
    }

    boolean isFerry() {
        try {
            return isFerryPeer.test(peer);
        } catch (RuntimeException e) {
            return false; // unknown: the plain IPFS class
        }
    }
}
