package dev.ferry.policy.bandwidth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ferry.identity.PeerId;
import dev.ferry.net.bandwidth.BandwidthPolicy;
import dev.ferry.net.bandwidth.RateLimiter;
import dev.ferry.net.bandwidth.Sleeper;
import dev.ferry.net.bandwidth.TokenBucket;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The node's bandwidth budgets: a shared P2P class for ferry peers, a shared IPFS class for everyone else, and a cap
 * per peer, each a token bucket per direction. Install with {@code host.setBandwidthPolicy(budgets)}.
 *
 * <p>A peer's limiter ({@link #limiterFor(PeerId)}) takes from the peer's own bucket, then from its class's bucket,
 * asking {@code isFerryPeer} on every call, so a peer found to be a ferry peer after identify moves to the P2P class
 * without reconnecting. The predicate must therefore be cheap (a set lookup). All connections to one peer share its
 * bucket; the bucket lives as long as a limiter using it is referenced (weakly held here).
 *
 * <p>A peer's own cap is the per-peer cap times its {@link PeerCapMultiplier} (1 unless one is given; the node gives
 * creditors their storage credit's weight), read when the peer's limiter is built: a peer whose multiplier changed
 * gets new buckets the next time it is asked for (the caller asks the host to refresh the peer's connections), one of
 * unchanged multiplier keeps its buckets. The class buckets stay one shared total whatever the multipliers.
 *
 * <p>Bursts: {@link #burstFor(long)}, 50 ms of traffic and at least 32 KiB, so a capped transfer keeps within a few
 * percent of its cap over any second while small messages pass at once.
 */
public final class BandwidthBudgets implements BandwidthPolicy {
    /** The smallest burst of any bucket. */
    public static final long MIN_BURST = 32 * 1024;

    private final BandwidthLimits limits;
    private final Predicate<PeerId> isFerryPeer;
    private final PeerCapMultiplier multiplier;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private final RateLimiter p2p;
    private final RateLimiter ipfs;
    private final Cache<PeerId, PeerBudget> perPeer = Caffeine.newBuilder().weakValues().build();

    /** Budgets on the system clock, the same per-peer cap for every peer. */
    public BandwidthBudgets(BandwidthLimits limits, Predicate<PeerId> isFerryPeer) {
        this(limits, isFerryPeer, PeerCapMultiplier.NONE);
    }

    /** Budgets on the system clock, each peer's own cap multiplied by {@code multiplier}. */
    public BandwidthBudgets(BandwidthLimits limits, Predicate<PeerId> isFerryPeer, PeerCapMultiplier multiplier) {
        this(limits, isFerryPeer, multiplier, System::nanoTime, Sleeper.system());
    }

    public BandwidthBudgets(BandwidthLimits limits, Predicate<PeerId> isFerryPeer, LongSupplier nanoClock,
            Sleeper sleeper) {
        this(limits, isFerryPeer, PeerCapMultiplier.NONE, nanoClock, sleeper);
    }

    public BandwidthBudgets(BandwidthLimits limits, Predicate<PeerId> isFerryPeer, PeerCapMultiplier multiplier,
            LongSupplier nanoClock, Sleeper sleeper) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.isFerryPeer = Objects.requireNonNull(isFerryPeer, "isFerryPeer");
        this.multiplier = Objects.requireNonNull(multiplier, "multiplier");
        this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.p2p = eachWay(limits.p2pBytesPerSecond());
        this.ipfs = eachWay(limits.ipfsBytesPerSecond());
    }

    /** The burst given to a bucket of {@code bytesPerSecond}: 50 ms of traffic, at least {@link #MIN_BURST}. */
    public static long burstFor(long bytesPerSecond) {
        return Math.min(TokenBucket.MAX_BURST, Math.max(MIN_BURST, bytesPerSecond / 20));
    }

    public BandwidthLimits limits() {
        return limits;
    }

    /** The P2P class's shared limiter (unlimited when its cap is 0). */
    public RateLimiter p2pClass() {
        return p2p;
    }

    /**
     * The IPFS class's shared limiter (unlimited when its cap is 0); gateway traffic outside the libp2p host may take
     * from it too.
     */
    public RateLimiter ipfsClass() {
        return ipfs;
    }

    /** Whether {@code peer} counts as a ferry peer now. */
    public boolean isFerryPeer(PeerId peer) {
        try {
            return isFerryPeer.test(peer);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * {@code peer}'s own cap, bytes per second each way: the per-peer cap times the multiplier its connections' buckets
     * were built with (for a peer without buckets, its multiplier now), or 0 (no cap of its own) when no per-peer cap
     * is set.
     */
    public long perPeerCapOf(PeerId peer) {
        Objects.requireNonNull(peer, "peer");
        if (limits.perPeerBytesPerSecond() == 0) {
            return 0;
        }
        PeerBudget built = perPeer.getIfPresent(peer);
        return capFor(limits.perPeerBytesPerSecond(), built != null ? built.multiplier() : multiplierOf(peer));
    }

    /** {@code perPeer} times {@code multiplier}, saturating; 0 stays 0 (no cap). */
    public static long capFor(long perPeer, int multiplier) {
        return perPeer > Long.MAX_VALUE / multiplier ? Long.MAX_VALUE : perPeer * multiplier;
    }

    /** The limiter of {@code peer}'s connections: its own cap and its class's, the class checked per call. */
    public RateLimiter limiterFor(PeerId peer) {
        Objects.requireNonNull(peer, "peer");
        if (limits.isUnlimited()) {
            return RateLimiter.unlimited();
        }
        RateLimiter own = limits.perPeerBytesPerSecond() == 0 ? RateLimiter.unlimited() : ownBudget(peer);
        if (p2p.isUnlimited() && ipfs.isUnlimited()) {
            return own;
        }
        return new PeerLimiter(peer, own, p2p, ipfs, isFerryPeer);
    }

    @Override
    public RateLimiter limiterFor(PeerId peer, Set<String> protocols) {
        return limiterFor(peer);
    }

    /** The peer's buckets: the cached ones while its multiplier is the same, new ones at a new multiplier. */
    private PeerBudget ownBudget(PeerId peer) {
        int m = multiplierOf(peer);
        return perPeer.asMap().compute(peer, (p, old) -> {
            if (old != null && old.multiplier() == m) {
                return old;
            }
            long cap = capFor(limits.perPeerBytesPerSecond(), m);
            return new PeerBudget(m, eachWay(cap));
        });
    }

    private int multiplierOf(PeerId peer) {
        try {
            return PeerCapMultiplier.clamp(multiplier.multiplierOf(peer));
        } catch (RuntimeException e) {
            return PeerCapMultiplier.MIN; // unknown: the configured cap
        }
    }

    private RateLimiter eachWay(long bytesPerSecond) {
        if (bytesPerSecond == 0) {
            return RateLimiter.unlimited();
        }
        return RateLimiter.perDirection(bucket(bytesPerSecond), bucket(bytesPerSecond));
    }

    private TokenBucket bucket(long bytesPerSecond) {
        return new TokenBucket(bytesPerSecond, burstFor(bytesPerSecond), clock, sleeper);
    }

    @Override
    public String toString() {
        return "BandwidthBudgets" + limits;
    }
}
