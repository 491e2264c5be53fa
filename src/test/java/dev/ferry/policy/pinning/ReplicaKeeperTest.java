package dev.ferry.policy.pinning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.gc.GarbageCollector;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.dag.walk.DagWalker;
import dev.ferry.exchange.ferry.TrustLevels;
import dev.ferry.exchange.ferry.pin.wire.PinReply;
import dev.ferry.exchange.ferry.pin.wire.PinRequest;
import dev.ferry.exchange.ferry.pin.wire.PinState;
import dev.ferry.identity.Did;
import dev.ferry.identity.Identity;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.MemoryBlockstore;
import dev.ferry.store.MemoryPinStore;
import dev.ferry.testing.ManualClock;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ReplicaKeeperTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path tmp;

    private final MemoryBlockstore local = new MemoryBlockstore();
    private final MemoryBlockstore remote = new MemoryBlockstore();
    private final CopyingFetcher fetcher = new CopyingFetcher(local, remote);
    private final Map<Did, Integer> levels = new HashMap<>();
    private final TrustLevels trust = did -> levels.getOrDefault(did, 0);
    private final AtomicInteger changes = new AtomicInteger();
    private final java.util.List<Cid> kept = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ManualClock clock = new ManualClock();
    private final Identity alice = Identity.generate(RANDOM);
    private final Identity bob = Identity.generate(RANDOM);

    private ReplicaKeeper keeper(PinningConfig config) {
        return new ReplicaKeeper(HeldReplicas.open(tmp.resolve(HeldReplicas.FILE)), fetcher, trust, () -> () -> { },
                config, clock, changes::incrementAndGet, kept::add);
    }

    private Cid dag(int bytes, long seed) throws Exception {
        byte[] data = new byte[bytes];
        new Random(seed).nextBytes(data);
        return new UnixfsImporter(remote, ImportOptions.kuboDefaults()).importStream(new ByteArrayInputStream(data),
                "f").cid();
    }

    private static PinReply ask(ReplicaKeeper k, Identity who, PinRequest r) {
        return k.handle(who.peerId(), who.did(), r);
    }

    static boolean within(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @Test
    void peersBelowTheAcceptedTrustAreRefusedAndThoseAtItAccepted() throws Exception {
        Cid root = dag(300_000, 1);
        levels.put(alice.did(), 4);
        levels.put(bob.did(), 5);
        try (ReplicaKeeper k = keeper(PinningConfig.defaults())) {
            PinReply refused = ask(k, alice, PinRequest.pin(root));
            assertThat(refused.state()).isEqualTo(PinState.REFUSED);
            assertThat(refused.message()).contains("trust level 4", "5");
            assertThat(k.table().list()).isEmpty();
            assertThat(ask(k, bob, PinRequest.pin(root)).state()).isIn(PinState.PINNING, PinState.PINNED);
        }
    }

    @Test
    void aDagIsFetchedKeptAndReportedWithItsSize() throws Exception {
        Cid root = dag(1_200_000, 2);
        long dagBytes = new DagWalker(remote).walk(List.of(root), b -> { }).bytes();
        levels.put(alice.did(), 5);
        fetcher.hold = new CountDownLatch(1);
        try (ReplicaKeeper k = keeper(PinningConfig.defaults())) {
            assertThat(ask(k, alice, PinRequest.pin(root)).state()).isEqualTo(PinState.PINNING);
            assertThat(fetcher.started.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(k.isFetching(root)).isTrue();
            assertThat(ask(k, alice, PinRequest.status(root)).state()).isEqualTo(PinState.PINNING);
            assertThat(ask(k, alice, PinRequest.pin(root)).state()).isEqualTo(PinState.PINNING); // asked again: same
            assertThat(ask(k, bob, PinRequest.status(root)).state()).isEqualTo(PinState.NOT_PINNED);
            fetcher.release();
            assertThat(within(Duration.ofSeconds(5),
                    () -> ask(k, alice, PinRequest.status(root)).state() == PinState.PINNED)).isTrue();
            assertThat(ask(k, alice, PinRequest.status(root)).bytes()).isEqualTo(dagBytes);
            assertThat(k.keptRoots()).containsExactly(root);
            assertThat(within(Duration.ofSeconds(5), () -> !kept.isEmpty())).isTrue();
            assertThat(kept).containsExactly(root); // announced once, when complete
            assertThat(fetcher.fetches.get()).isEqualTo(1);
            assertThat(changes.get()).isPositive();
        }
        // durable: a new keeper over the same file knows it
        HeldReplicas reopened = HeldReplicas.open(tmp.resolve(HeldReplicas.FILE));
        assertThat(reopened.get(root, alice.did().toString()).orElseThrow().state()).isEqualTo(HeldReplica.State.KEPT);
        assertThat(reopened.keptBytes()).isEqualTo(dagBytes);
    }

    @Test
    void requestersReleaseIndependentlyAndCollectionKeepsWhatAnyoneHolds() throws Exception {
        Cid root = dag(800_000, 3);
        Cid unrelated = dag(10_000, 4);
        levels.put(alice.did(), 5);
        levels.put(bob.did(), 9);
        try (ReplicaKeeper k = keeper(PinningConfig.defaults())) {
            ask(k, alice, PinRequest.pin(root));
            assertThat(within(Duration.ofSeconds(5),
                    () -> ask(k, alice, PinRequest.status(root)).state() == PinState.PINNED)).isTrue();
            // the second requester shares what is here: kept at once, no second fetch
            assertThat(ask(k, bob, PinRequest.pin(root)).state()).isEqualTo(PinState.PINNED);
            assertThat(fetcher.fetches.get()).isEqualTo(1);
            new DagWalker(remote).walk(List.of(unrelated), local::put); // garbage

            assertThat(ask(k, alice, PinRequest.unpin(root)).state()).isEqualTo(PinState.NOT_PINNED);
            assertThat(ask(k, bob, PinRequest.status(root)).state()).isEqualTo(PinState.PINNED);
            new GarbageCollector(local, new MemoryPinStore(), k.keptRoots()).collect();
            assertThat(new DagWalker(local, true).walk(List.of(root), b -> { }).missing()).isEmpty();
            assertThat(local.has(unrelated)).isFalse();

            ask(k, bob, PinRequest.unpin(root));
            assertThat(k.keptRoots()).isEmpty();
            new GarbageCollector(local, new MemoryPinStore(), k.keptRoots()).collect();
            assertThat(local.has(root)).isFalse();
            // releasing what was never held is harmless
            assertThat(ask(k, bob, PinRequest.unpin(root)).state()).isEqualTo(PinState.NOT_PINNED);
        }
    }

    @Test
    void aDagPastTheQuotaFailsAndAFullQuotaRefusesNewRequests() throws Exception {
        Cid small = dag(100_000, 5);
        Cid big = dag(600_000, 6);
        levels.put(alice.did(), 5);
        try (ReplicaKeeper k = keeper(PinningConfig.defaults().withQuota(500_000, 10))) {
            ask(k, alice, PinRequest.pin(big));
            assertThat(within(Duration.ofSeconds(5),
                    () -> ask(k, alice, PinRequest.status(big)).state() == PinState.FAILED)).isTrue();
            assertThat(ask(k, alice, PinRequest.status(big)).message()).contains("over quota");
            assertThat(k.keptRoots()).isEmpty();

            ask(k, alice, PinRequest.pin(small)); // the twin: within the quota
            assertThat(within(Duration.ofSeconds(5),
                    () -> ask(k, alice, PinRequest.status(small)).state() == PinState.PINNED)).isTrue();
        }
        try (ReplicaKeeper k = keeper(PinningConfig.defaults().withQuota(50_000, 10))) {
            PinReply full = ask(k, alice, PinRequest.pin(dag(1000, 7)));
            assertThat(full.state()).isEqualTo(PinState.REFUSED);
            assertThat(full.message()).contains("quota");
        }
        try (ReplicaKeeper k = keeper(PinningConfig.defaults().withQuota(1L << 30, 2))) {
            PinReply many = ask(k, alice, PinRequest.pin(dag(1000, 8)));
            assertThat(many.state()).isEqualTo(PinState.REFUSED);
            assertThat(many.message()).contains("2 entries");
        }
    }

    @Test
    void contentNobodyHasFailsWithTheReasonAndMayBeAskedForAgain() throws Exception {
        Cid root = dag(50_000, 9);
        Cid absent = Cid.parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
        levels.put(alice.did(), 5);
        try (ReplicaKeeper k = keeper(PinningConfig.defaults())) {
            ask(k, alice, PinRequest.pin(absent));
            assertThat(within(Duration.ofSeconds(5),
                    () -> ask(k, alice, PinRequest.status(absent)).state() == PinState.FAILED)).isTrue();
            assertThat(ask(k, alice, PinRequest.status(absent)).message()).contains(absent.toString());
            assertThat(PinReply.fitting("x".repeat(5000))).hasSize(512).endsWith("…");
            assertThat(ask(k, alice, PinRequest.pin(absent)).state()).isEqualTo(PinState.PINNING); // retried
            ask(k, alice, PinRequest.pin(root));
            assertThat(within(Duration.ofSeconds(5),
                    () -> ask(k, alice, PinRequest.status(root)).state() == PinState.PINNED)).isTrue();
        }
    }

    @Test
    void aFetchAStopInterruptedResumesOnStart() throws Exception {
        Cid root = dag(400_000, 10);
        levels.put(alice.did(), 5);
        fetcher.hold = new CountDownLatch(1);
        try (ReplicaKeeper k = keeper(PinningConfig.defaults())) {
            ask(k, alice, PinRequest.pin(root));
            assertThat(fetcher.started.await(5, TimeUnit.SECONDS)).isTrue();
        } // closed mid-fetch
        assertThat(HeldReplicas.open(tmp.resolve(HeldReplicas.FILE)).get(root, alice.did().toString()).orElseThrow().state())
                .isEqualTo(HeldReplica.State.FETCHING);
        fetcher.hold = null;
        try (ReplicaKeeper k = keeper(PinningConfig.defaults())) {
            k.start();
            assertThat(within(Duration.ofSeconds(5),
                    () -> ask(k, alice, PinRequest.status(root)).state() == PinState.PINNED)).isTrue();
        }
    }

    @Test
    void localClientsKeepWithoutTrustButWithinTheLimits() throws Exception {
        Cid root = dag(200_000, 12);
        try (ReplicaKeeper k = keeper(PinningConfig.defaults().withQuota(100_000, 10))) {
            assertThat(k.keep(root, "psa:one").state()).isEqualTo(HeldReplica.State.FETCHING);
            assertThat(within(Duration.ofSeconds(5), () -> k.status(root, "psa:one").orElseThrow().state()
                    == HeldReplica.State.FAILED)).isTrue(); // 200 kB past the 100 kB quota
            assertThatThrownBy(() -> k.keep(root, "psa: spaced")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> k.keep(root, "")).isInstanceOf(IllegalArgumentException.class);
        }
        try (ReplicaKeeper k = keeper(PinningConfig.defaults())) {
            assertThat(k.keep(root, "psa:one").state()).isEqualTo(HeldReplica.State.FETCHING); // a failure is retried
            assertThat(within(Duration.ofSeconds(5), () -> k.status(root, "psa:one").orElseThrow().state()
                    == HeldReplica.State.KEPT)).isTrue();
            assertThat(k.release(root, "psa:one")).isTrue();
            assertThat(k.release(root, "psa:one")).isFalse();
        }
        try (ReplicaKeeper k = keeper(PinningConfig.defaults().withQuota(0, 10))) {
            assertThatThrownBy(() -> k.keep(root, "psa:two")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("quota");
        }
    }

    private StorageLedger ledger() {
        return StorageLedger.open(tmp.resolve(StorageLedger.FILE), Duration.ofHours(72), clock);
    }

    private ReplicaKeeper keeper(PinningConfig config, ReciprocityConfig reciprocity, StorageLedger ledger) {
        return new ReplicaKeeper(HeldReplicas.open(tmp.resolve(HeldReplicas.FILE)), fetcher, trust, () -> () -> { },
                config, reciprocity, ledger::creditOf, clock, changes::incrementAndGet, kept::add);
    }

    private static final Cid OURS = Cid.parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");

    private long bytesOf(Cid root) {
        return new DagWalker(remote).walk(List.of(root), b -> { }).bytes();
    }

    @Test
    void aPeerBelowTheAcceptedTrustIsKeptForOnlyWhileItHasProvenItKeepsAsMuchForThisNode() throws Exception {
        Cid first = dag(300_000, 20);
        Cid second = dag(50_000, 21);
        levels.put(alice.did(), 2); // below AcceptTrust 5, at least Reciprocity.MinTrust 1
        StorageLedger ledger = ledger();
        try (ReplicaKeeper k = keeper(PinningConfig.defaults(), ReciprocityConfig.defaults(), ledger)) {
            PinReply refused = ask(k, alice, PinRequest.pin(first));
            assertThat(refused.state()).isEqualTo(PinState.REFUSED);
            assertThat(refused.message()).contains("trust level 2", "proven it keeps 0 bytes",
                    "keeps 0 bytes for it");
            assertThat(k.table().list()).isEmpty();

            ledger.proven(alice.peerId(), OURS, bytesOf(first), clock.millis()); // exactly the first DAG's size
            assertThat(ask(k, alice, PinRequest.pin(first)).state()).isIn(PinState.PINNING, PinState.PINNED);
            assertThat(within(Duration.ofSeconds(5),
                    () -> ask(k, alice, PinRequest.status(first)).state() == PinState.PINNED)).isTrue();
            assertThat(ask(k, alice, PinRequest.pin(first)).state()).isEqualTo(PinState.PINNED); // asked again: same

            PinReply used = ask(k, alice, PinRequest.pin(second)); // the allowance is used up
            assertThat(used.state()).isEqualTo(PinState.REFUSED);
            assertThat(used.message()).contains("no reciprocal allowance left",
                    "proven it keeps " + bytesOf(first) + " bytes", "keeps " + bytesOf(first) + " bytes for it");
            assertThat(k.table().get(second, alice.did().toString())).isEmpty();

            ledger.proven(alice.peerId(), dag(1, 22), 100_000, clock.millis()); // it keeps more for us
            assertThat(ask(k, alice, PinRequest.pin(second)).state()).isIn(PinState.PINNING, PinState.PINNED);
            assertThat(within(Duration.ofSeconds(5),
                    () -> ask(k, alice, PinRequest.status(second)).state() == PinState.PINNED)).isTrue();

            clock.advance(Duration.ofHours(73)); // the proofs were not renewed: the credit is gone
            PinReply stale = ask(k, alice, PinRequest.pin(dag(2000, 23)));
            assertThat(stale.state()).isEqualTo(PinState.REFUSED);
            assertThat(stale.message()).contains("proven it keeps 0 bytes");
            assertThat(k.keptRoots()).containsExactlyInAnyOrder(first, second); // what is kept stays kept
        }
    }

    @Test
    void aDagLargerThanTheAllowanceLeftFailsWhenItsSizeIsKnown() throws Exception {
        Cid big = dag(400_000, 24);
        Cid small = dag(40_000, 25);
        levels.put(alice.did(), 1);
        levels.put(bob.did(), 5);
        StorageLedger ledger = ledger();
        ledger.proven(alice.peerId(), OURS, 100_000, clock.millis());
        try (ReplicaKeeper k = keeper(PinningConfig.defaults(), ReciprocityConfig.defaults(), ledger)) {
            assertThat(ask(k, alice, PinRequest.pin(big)).state()).isEqualTo(PinState.PINNING); // size unknown yet
            assertThat(within(Duration.ofSeconds(5),
                    () -> ask(k, alice, PinRequest.status(big)).state() == PinState.FAILED)).isTrue();
            assertThat(ask(k, alice, PinRequest.status(big)).message()).contains("over the reciprocal allowance");
            assertThat(k.keptRoots()).isEmpty(); // left to garbage collection
            assertThat(kept).isEmpty(); // and not announced

            // a DAG already kept for another peer has a known size: refused at once when it does not fit
            ask(k, bob, PinRequest.pin(big));
            assertThat(within(Duration.ofSeconds(5),
                    () -> ask(k, bob, PinRequest.status(big)).state() == PinState.PINNED)).isTrue();
            PinReply known = ask(k, alice, PinRequest.pin(big));
            assertThat(known.state()).isEqualTo(PinState.REFUSED);
            assertThat(known.message()).contains("over the reciprocal allowance");

            ask(k, alice, PinRequest.pin(small)); // one that fits
            assertThat(within(Duration.ofSeconds(5),
                    () -> ask(k, alice, PinRequest.status(small)).state() == PinState.PINNED)).isTrue();
        }
    }

    @Test
    void creditCountsOnlyForPeersTrustedTheMinimumAndOnlyWhenEnabledAndTheLimitsStillApply() throws Exception {
        Cid root = dag(30_000, 26);
        levels.put(alice.did(), 0); // unknown
        levels.put(bob.did(), 3);
        StorageLedger ledger = ledger();
        ledger.proven(alice.peerId(), OURS, 10L << 20, clock.millis());
        ledger.proven(bob.peerId(), OURS, 10L << 20, clock.millis());
        try (ReplicaKeeper k = keeper(PinningConfig.defaults(), ReciprocityConfig.defaults(), ledger)) {
            PinReply stranger = ask(k, alice, PinRequest.pin(root));
            assertThat(stranger.state()).isEqualTo(PinState.REFUSED);
            assertThat(stranger.message()).isEqualTo("trust level 0 is below the 5 this node keeps content for");
        }
        try (ReplicaKeeper k = keeper(PinningConfig.defaults(), ReciprocityConfig.disabled(), ledger)) {
            PinReply off = ask(k, bob, PinRequest.pin(root)); // the behaviour without reciprocity
            assertThat(off.state()).isEqualTo(PinState.REFUSED);
            assertThat(off.message()).isEqualTo("trust level 3 is below the 5 this node keeps content for");
        }
        try (ReplicaKeeper k = keeper(PinningConfig.defaults().withQuota(0, 10), ReciprocityConfig.defaults(),
                ledger)) {
            PinReply full = ask(k, bob, PinRequest.pin(root)); // StorageMax before credit
            assertThat(full.state()).isEqualTo(PinState.REFUSED);
            assertThat(full.message()).contains("quota");
        }
        ReciprocityConfig stricter = new ReciprocityConfig(true, 4, 1.0, Duration.ofHours(72));
        try (ReplicaKeeper k = keeper(PinningConfig.defaults(), stricter, ledger)) {
            assertThat(ask(k, bob, PinRequest.pin(root)).state()).isEqualTo(PinState.REFUSED); // 3 < MinTrust 4
        }
        ReciprocityConfig half = new ReciprocityConfig(true, 1, 0.5, Duration.ofHours(72));
        assertThat(half.allowance(1000)).isEqualTo(500);
        assertThat(half.withEnabled(false).allowance(1000)).isZero();
    }
}
