package dev.ferry.node;

import dev.ferry.exchange.bitswap.server.PeerWeights;
import dev.ferry.identity.PeerId;
import dev.ferry.policy.bandwidth.PeerCapMultiplier;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-peer bandwidth caps from storage credit: a peer's own cap ({@code Bandwidth.PerPeerLimit}) is multiplied by the
 * weight its credit buys in the Bitswap server ({@link CreditorWeights}: 2, 3 from 1 GiB, 4 from 10 GiB), and its open
 * connections get new limiters when that weight changes.
 *
 * <p>It remembers the weight each connected peer's limiter was built with, and asks the host to rebuild a peer's
 * limiters only when its weight is no longer that one: after a proof outcome for the peer ({@link #creditChanged}),
 * and every {@link #SWEEP_EVERY} for peers built with credit, whose credit may have expired ({@link #sweep}). Credit
 * only grows through proofs, so peers at weight 1 need no sweep; the cost is one credit look-up per outcome and per
 * creditor per sweep, and a refresh per step crossed.
 */
public final class CreditorCaps implements PeerCapMultiplier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CreditorCaps.class);
    /** How often credit that may have expired is checked. */
    public static final Duration SWEEP_EVERY = Duration.ofSeconds(30);

    private final PeerWeights weights;
    private final Consumer<PeerId> refresh;
    private final Predicate<PeerId> isConnected;
    private final Map<PeerId, Integer> built = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService sweeper;

    /**
     * @param weights     the creditors' weights ({@link CreditorWeights} over the storage ledger)
     * @param refresh     rebuilds a peer's connections' limiters ({@code host::refreshBandwidthPolicy})
     * @param isConnected whether a peer still has connections ({@code host::isConnected})
     */
    public CreditorCaps(PeerWeights weights, Consumer<PeerId> refresh, Predicate<PeerId> isConnected) {
        this.weights = Objects.requireNonNull(weights, "weights");
        this.refresh = Objects.requireNonNull(refresh, "refresh");
        this.isConnected = Objects.requireNonNull(isConnected, "isConnected");
    }

    /** Sweeps every {@link #SWEEP_EVERY} on a thread of its own until {@link #close}. */
    public CreditorCaps start() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("creditor-caps").factory());
        long every = SWEEP_EVERY.toMillis();
        s.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                LOG.warn("checking creditors' bandwidth caps failed", e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
        sweeper = s;
        return this;
    }

    /** Called when a peer's limiter is built: its weight now, remembered as the one its limiters have. */
    @Override
    public int multiplierOf(PeerId peer) {
        int w = weightOf(peer);
        built.put(peer, w);
        return w;
    }

    /** A proof outcome for {@code peer} (its credit may have crossed a step). */
    public void creditChanged(PeerId peer) {
        recheck(peer, built.get(peer));
    }

    /** Rechecks the peers whose limiters were built with credit, and forgets those no longer connected. */
    public void sweep() {
        for (Map.Entry<PeerId, Integer> e : built.entrySet()) {
            PeerId peer = e.getKey();
            if (!isConnected.test(peer)) {
                built.remove(peer, e.getValue());
            } else if (e.getValue() > PeerWeights.MIN) {
                recheck(peer, e.getValue());
            }
        }
    }

    /** The weight {@code peer}'s limiters were last built with, if it has any. */
    Integer builtWeight(PeerId peer) {
        return built.get(peer);
    }

    private void recheck(PeerId peer, Integer was) {
        if (was == null) {
            return; // no limiter of it yet: the next one is built with the credit as it is then
        }
        int now = weightOf(peer);
        if (now == was) {
            return;
        }
        // the refresh builds the limiters again, which records the new weight; a peer gone meanwhile is forgotten
        built.put(peer, now);
        refresh.accept(peer);
        if (!isConnected.test(peer)) {
            built.remove(peer);
        }
    }

    private int weightOf(PeerId peer) {
        try {
            return PeerWeights.clamp(weights.weightOf(peer));
        } catch (RuntimeException e) {
            return PeerWeights.MIN;
        }
    }

    @Override
    public void close() {
        ScheduledExecutorService s = sweeper;
        if (s != null) {
            s.shutdownNow();
        }
    }
}
