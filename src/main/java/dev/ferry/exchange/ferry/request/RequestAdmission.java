package dev.ferry.exchange.ferry.request;

import dev.ferry.exchange.ferry.TokenBucket;
import dev.ferry.identity.PeerId;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Who may start a request now: a token bucket per peer (burst, then one per interval), at most {@code maxPerPeer}
 * answers per peer and {@code maxConcurrent} in total. Thread-safe; state per peer is dropped by {@link #forget}.
 */
final class RequestAdmission {
    private final RequestConfig config;
    private final InstantSource clock;
    private final Semaphore global;
    private final ConcurrentHashMap<PeerId, PeerState> peers = new ConcurrentHashMap<>();

    private static final class PeerState {
        int active;
        TokenBucket bucket;
    }

    RequestAdmission(RequestConfig config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
        this.global = new Semaphore(config.maxConcurrent());
    }

    /** Null when admitted (call {@link #leave} later), else why not. */
    String tryEnter(PeerId peer) {
        long now = TokenBucket.nanos(clock);
        String[] refusal = {null};
        peers.compute(peer, (k, st) -> {
            if (st == null) {
                st = new PeerState();
                st.bucket = new TokenBucket(config.requestBurst(), config.requestInterval(), now);
            }
            st.bucket.refill(now);
            if (!st.bucket.hasToken()) {
                refusal[0] = "request rate exceeded";
                return st;
            }
            if (st.active >= config.maxPerPeer()) {
                refusal[0] = "too many requests from this peer at once (" + config.maxPerPeer() + ")";
                return st;
            }
            if (!global.tryAcquire()) {
                refusal[0] = "too many requests at once";
                return st;
            }
            st.bucket.take();
            st.active++;
            return st;
        });
        return refusal[0];
    }

    void leave(PeerId peer) {
        peers.computeIfPresent(peer, (k, st) -> {
            st.active--;
            return st;
        });
        global.release();
    }

    /** Drops an idle peer's state (it disconnected). */
    void forget(PeerId peer) {
        peers.computeIfPresent(peer, (k, st) -> st.active == 0 ? null : st);
    }
}
