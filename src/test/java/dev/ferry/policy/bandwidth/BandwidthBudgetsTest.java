package dev.ferry.policy.bandwidth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.net.bandwidth.Direction;
import dev.ferry.net.bandwidth.RateLimiter;
import dev.ferry.net.bandwidth.Sleeper;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class BandwidthBudgetsTest {
    static final long S = 1_000_000_000L;
    static final SecureRandom RANDOM = new SecureRandom();
    final PeerId x = Identity.generate(RANDOM).peerId();
    final PeerId y = Identity.generate(RANDOM).peerId();
    final Clock clock = new Clock();
    final Set<PeerId> ferry = ConcurrentHashMap.newKeySet();

    /** A fake clock whose sleeper advances it. */
    static final class Clock implements LongSupplier, Sleeper {
        long now;

        @Override
        public long getAsLong() {
            return now;
        }

        @Override
        public void sleep(long nanos) {
            now += nanos;
        }
    }

    BandwidthBudgets budgets(BandwidthLimits limits) {
        return new BandwidthBudgets(limits, ferry::contains, clock, clock);
    }

    /** Seconds it takes to move {@code bytes} through {@code l} now. */
    double seconds(RateLimiter l, Direction d, long bytes) throws Exception {
        long start = clock.now;
        l.acquire(d, (int) bytes);
        return (clock.now - start) / 1e9;
    }

    static final long BURST = BandwidthBudgets.MIN_BURST;

    @Test
    void noLimitsMeansUnlimited() {
        BandwidthBudgets b = budgets(BandwidthLimits.none());
        assertThat(b.limiterFor(x).isUnlimited()).isTrue();
        assertThat(b.p2pClass().isUnlimited()).isTrue();
        assertThat(b.ipfsClass().isUnlimited()).isTrue();
    }

    @Test
    void theClassIsDecidedOnEveryCall() throws Exception {
        BandwidthBudgets b = budgets(new BandwidthLimits(10_000, 20_000, 0));
        RateLimiter l = b.limiterFor(x);
        assertThat(seconds(l, Direction.OUT, BURST + 10_000)).isEqualTo(0.5); // IPFS class
        ferry.add(x); // learned later: the same limiter now takes from the P2P class
        assertThat(b.isFerryPeer(x)).isTrue();
        assertThat(seconds(l, Direction.OUT, BURST + 10_000)).isEqualTo(1.0);
    }

    @Test
    void aClassIsSharedByItsPeersAndEachDirectionHasItsOwnBudget() throws Exception {
        BandwidthBudgets b = budgets(BandwidthLimits.none().withIpfs(10_000));
        RateLimiter lx = b.limiterFor(x);
        RateLimiter ly = b.limiterFor(y);
        assertThat(seconds(lx, Direction.OUT, BURST)).isZero();
        assertThat(seconds(ly, Direction.OUT, 10_000)).isEqualTo(1.0); // x emptied the shared bucket
        assertThat(seconds(ly, Direction.IN, BURST)).isZero(); // reads have their own
    }

    @Test
    void aPeersOwnCapIsSharedByItsConnectionsOnly() throws Exception {
        BandwidthBudgets b = budgets(BandwidthLimits.none().withPerPeer(10_000));
        RateLimiter first = b.limiterFor(x);
        RateLimiter second = b.limiterFor(x);
        assertThat(seconds(first, Direction.OUT, BURST)).isZero();
        assertThat(seconds(second, Direction.OUT, 5_000)).isEqualTo(0.5);
        assertThat(seconds(b.limiterFor(y), Direction.OUT, BURST)).isZero();
    }

    @Test
    void aPeerTakesFromItsOwnBucketAndItsClass() throws Exception {
        BandwidthBudgets b = budgets(new BandwidthLimits(0, 40_000, 10_000));
        assertThat(seconds(b.limiterFor(x), Direction.OUT, BURST + 10_000)).isEqualTo(1.0); // its own cap binds
        // y's own bucket is full, but the class gave x its whole burst and 10 000 bytes: y waits for the class
        assertThat(seconds(b.limiterFor(y), Direction.OUT, BURST)).isEqualTo(0.25);
    }

    /** Bucket costs are rounded up to whole nanoseconds. */
    static final org.assertj.core.data.Offset<Double> NANOS = org.assertj.core.api.Assertions.within(1e-6);
    final java.util.Map<PeerId, Integer> multipliers = new ConcurrentHashMap<>();

    BandwidthBudgets creditBudgets(BandwidthLimits limits) {
        return new BandwidthBudgets(limits, ferry::contains, p -> multipliers.getOrDefault(p, 1), clock, clock);
    }

    @Test
    void aPeersOwnCapIsThePerPeerCapTimesItsMultiplier() throws Exception {
        multipliers.put(x, 3);
        BandwidthBudgets b = creditBudgets(BandwidthLimits.none().withPerPeer(10_000));
        assertThat(b.perPeerCapOf(x)).isEqualTo(30_000);
        assertThat(b.perPeerCapOf(y)).isEqualTo(10_000); // no credit: unchanged
        assertThat(seconds(b.limiterFor(x), Direction.OUT, BURST + 30_000)).isCloseTo(1.0, NANOS);
        assertThat(seconds(b.limiterFor(x), Direction.IN, BURST + 30_000)).isCloseTo(1.0, NANOS);
        assertThat(seconds(b.limiterFor(y), Direction.OUT, BURST + 10_000)).isCloseTo(1.0, NANOS);
    }

    @Test
    void withoutAPerPeerCapAMultiplierChangesNothing() throws Exception {
        multipliers.put(x, 4);
        assertThat(creditBudgets(BandwidthLimits.none()).limiterFor(x).isUnlimited()).isTrue();
        assertThat(creditBudgets(BandwidthLimits.none()).perPeerCapOf(x)).isZero();
        // only the class is capped: x moves at the class's rate, not four times it
        BandwidthBudgets b = creditBudgets(BandwidthLimits.none().withIpfs(10_000));
        assertThat(b.perPeerCapOf(x)).isZero();
        assertThat(seconds(b.limiterFor(x), Direction.OUT, BURST + 10_000)).isCloseTo(1.0, NANOS);
    }

    @Test
    void theSharedCapStillBoundsACreditorAndEveryoneTogether() throws Exception {
        multipliers.put(x, 4);
        ferry.add(x);
        ferry.add(y);
        BandwidthBudgets b = creditBudgets(new BandwidthLimits(20_000, 0, 10_000));
        // x's own cap is 40 000 B/s, but the P2P class holds 20 000 B/s for all ferry peers together
        assertThat(seconds(b.limiterFor(x), Direction.OUT, BURST + 20_000)).isCloseTo(1.0, NANOS);
        // the class is empty now: y's full own bucket does not help it
        assertThat(seconds(b.limiterFor(y), Direction.OUT, 10_000)).isCloseTo(0.5, NANOS);
    }

    @Test
    void aPeerKeepsItsBucketsWhileItsMultiplierStaysAndGetsNewOnesWhenItChanges() throws Exception {
        BandwidthBudgets b = creditBudgets(BandwidthLimits.none().withPerPeer(10_000));
        RateLimiter first = b.limiterFor(x);
        assertThat(seconds(first, Direction.OUT, BURST)).isZero();
        // same multiplier: a second connection shares the emptied bucket
        assertThat(seconds(b.limiterFor(x), Direction.OUT, 5_000)).isCloseTo(0.5, NANOS);
        multipliers.put(x, 2);
        RateLimiter doubled = b.limiterFor(x); // what the host's refresh gets: new, full buckets at twice the cap
        assertThat(b.perPeerCapOf(x)).isEqualTo(20_000);
        assertThat(seconds(doubled, Direction.OUT, BURST + 20_000)).isCloseTo(1.0, NANOS);
        assertThat(b.limiterFor(x)).isSameAs(doubled); // no PeerLimiter here: the peer's own budget itself
    }

    @Test
    void aMultiplierOutOfRangeOrFailingIsBroughtIntoRange() {
        BandwidthBudgets failing = new BandwidthBudgets(BandwidthLimits.none().withPerPeer(10_000), ferry::contains,
                p -> {
                    throw new IllegalStateException("no ledger");
                }, clock, clock);
        assertThat(failing.perPeerCapOf(x)).isEqualTo(10_000);
        multipliers.put(x, 0);
        multipliers.put(y, 1_000);
        BandwidthBudgets b = creditBudgets(BandwidthLimits.none().withPerPeer(10_000));
        assertThat(b.perPeerCapOf(x)).isEqualTo(10_000);
        assertThat(b.perPeerCapOf(y)).isEqualTo(10_000L * PeerCapMultiplier.MAX);
        assertThat(BandwidthBudgets.capFor(Long.MAX_VALUE / 2, 4)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aFailingPredicateCountsAsAPlainIpfsPeer() throws Exception {
        BandwidthBudgets b = new BandwidthBudgets(new BandwidthLimits(10_000, 20_000, 0), p -> {
            throw new IllegalStateException("no trust store");
        }, clock, clock);
        assertThat(b.isFerryPeer(x)).isFalse();
        assertThat(seconds(b.limiterFor(x), Direction.IN, BURST + 10_000)).isEqualTo(0.5);
    }

    @Test
    void burstsAreFiftyMillisecondsAndAtLeastTheMinimum() {
        assertThat(BandwidthBudgets.burstFor(1)).isEqualTo(BandwidthBudgets.MIN_BURST);
        assertThat(BandwidthBudgets.burstFor(2_000_000)).isEqualTo(100_000);
        assertThat(BandwidthBudgets.burstFor(Long.MAX_VALUE)).isEqualTo(dev.ferry.net.bandwidth.TokenBucket.MAX_BURST);
    }

    @Test
    void limitsAreNonNegative() {
        assertThatThrownBy(() -> new BandwidthLimits(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BandwidthLimits.none().withPerPeer(-5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(BandwidthLimits.none().isUnlimited()).isTrue();
        assertThat(BandwidthLimits.none().withP2p(1).isUnlimited()).isFalse();
    }

    @Test
    void thePolicyFormIgnoresProtocols() {
        BandwidthBudgets b = budgets(BandwidthLimits.none().withPerPeer(1000));
        assertThat(b.limiterFor(x, Set.of("/ipfs/bitswap/1.2.0")).isUnlimited()).isFalse();
    }
}
