package dev.ferry.exchange.ferry.request;

import dev.ferry.exchange.bitswap.server.PeerWeights;
import dev.ferry.exchange.ferry.TokenBucket;
import dev.ferry.identity.PeerId;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Who may start a request now: a token bucket per peer (burst, then one per interval), at most {@code maxPerPeer}
 * answers per peer ({@code maxPerPeer × w} for a peer of {@link PeerWeights weight} {@code w}) and
 * {@code maxConcurrent} in total. Thread-safe; state per peer is dropped by {@link #forget}.
 */
final class RequestAdmission {
    private final RequestConfig config;
    private final InstantSource clock;
    private final Semaphore global;
    private final ConcurrentHashMap<PeerId, PeerState> peers = new ConcurrentHashMap<>();
    private volatile PeerWeights weights = PeerWeights.EQUAL;

    private static final class PeerState {
        int active;
        TokenBucket bucket;
    }

    RequestAdmission(RequestConfig config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
        this.global = new Semaphore(config.maxConcurrent());
    }

    /** Weighs peers from now on: a peer of weight {@code w} may have {@code w} times more answers at once. */
    void setWeights(PeerWeights weights) {
        this.weights = Objects.requireNonNull(weights, "weights");
    }

    /** Null when admitted (call {@link #leave} later), else why not. */
    String tryEnter(PeerId peer) {
        long now = TokenBucket.nanos(clock);
        int maxPerPeer = config.maxPerPeer() * weightOf(peer); // read once per request, outside the map's lock
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
            if (st.active >= maxPerPeer) {
                refusal[0] = "too many requests from this peer at once (" + maxPerPeer + ")";
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

    private int weightOf(PeerId peer) {
        try {
            return PeerWeights.clamp(weights.weightOf(peer));
        } catch (RuntimeException e) {
            return PeerWeights.MIN; // a policy that fails gives no extra room, and refuses no one
        }
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
