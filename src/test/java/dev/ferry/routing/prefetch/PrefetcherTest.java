package dev.ferry.routing.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.routing.ContentFetcher;
import dev.ferry.routing.FetchSession;
import dev.ferry.routing.FetchTimeoutException;
import dev.ferry.routing.FetchingBlockstore;
import dev.ferry.routing.SourceUse;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import dev.ferry.store.MemoryBlockstore;
import dev.ferry.testing.ManualClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PrefetcherTest {
    private final ManualClock clock = new ManualClock();
    private final MemoryBlockstore remote = new MemoryBlockstore();
    private final MemoryBlockstore local = new MemoryBlockstore();
    private final RemoteFetcher fetcher = new RemoteFetcher();
    private final Cid a = file(1, 10_000);

    /** Copies blocks from {@link #remote} into {@link #local} on demand, counting them as one source. */
    private final class RemoteFetcher implements ContentFetcher {
        final AtomicLong sessions = new AtomicLong();

        @Override
        public Blockstore local() {
            return local;
        }

        @Override
        public FetchSession open(Duration timeout) {
            sessions.incrementAndGet();
            AtomicLong blocks = new AtomicLong();
            AtomicLong bytes = new AtomicLong();
            return new FetchSession() {
                @Override
                public Block get(Cid cid) {
                    return local.get(cid).orElseGet(() -> {
                        Block b = remote.get(cid).orElseThrow(() -> new FetchTimeoutException(cid, "nowhere"));
                        local.put(b);
                        blocks.incrementAndGet();
                        bytes.addAndGet(b.size());
                        return b;
                    });
                }

                @Override
                public Blockstore blocks() {
                    return new FetchingBlockstore(local, this);
                }

                @Override
                public long fetchAll(Cid root) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public List<SourceUse> sources() {
                    return blocks.get() == 0 ? List.of() : List.of(new SourceUse("ipfs", "", blocks.get(), bytes.get()));
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** A UnixFS file of {@code size} random bytes in 1 KiB chunks, held remotely only. */
    private Cid file(int seed, int size) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        try {
            return new UnixfsImporter(remote, ImportOptions.kuboDefaults().withChunkSize(1024))
                    .importStream(new ByteArrayInputStream(data), "f").cid();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Prefetcher prefetcher(PrefetchConfig config, Predicate<Cid> excluded, BooleanSupplier busy) {
        return Prefetcher.builder(fetcher).clock(clock).config(config).excluding(excluded).busy(busy)
                .model(new SuccessorModel(SuccessorModelConfig.defaults().withThresholds(3, 0.3), clock)).build();
    }

    private static PrefetchConfig on() {
        return PrefetchConfig.defaults().withEnabled(true);
    }

    /** The client asks for a then b, three times. */
    private void teach(Prefetcher p, Cid b) {
        for (int i = 0; i < 3; i++) {
            p.requested("x", a);
            clock.advance(Duration.ofSeconds(2));
            p.requested("x", b);
            clock.advance(Duration.ofMinutes(1));
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in time");
            }
            Thread.sleep(10);
        }
    }

    /** The blocks of the DAG under {@code root}, as the remote store holds it. */
    private List<Cid> dagOf(Cid root) {
        List<Cid> out = new java.util.ArrayList<>(List.of(root));
        for (int i = 0; i < out.size(); i++) {
            out.addAll(dev.ferry.dag.walk.Links.of(remote.get(out.get(i)).orElseThrow()));
        }
        return out;
    }

    @Test
    void aPredictedSuccessorIsFetchedWholeAndALaterRequestIsAHit() throws Exception {
        Cid b = file(2, 20_000);
        Prefetcher p = prefetcher(on(), c -> false, () -> false);
        teach(p, b);
        assertThat(local.has(b)).isFalse();
        p.requested("x", a);
        await(() -> p.stats().completed() == 1);
        assertThat(dagOf(b)).hasSize(21).allMatch(local::has);
        assertThat(dagOf(a)).noneMatch(local::has);
        PrefetchStats s = p.stats();
        assertThat(s.predictions()).isEqualTo(1);
        assertThat(s.started()).isEqualTo(1);
        assertThat(s.blocks()).isEqualTo(21); // 20 chunks and the root
        assertThat(s.bytes()).isGreaterThan(20_000);
        assertThat(s.hits()).isZero();
        p.requested("y", b);
        assertThat(p.stats().hits()).isEqualTo(1);
        p.requested("z", b);
        assertThat(p.stats().hits()).as("one hit per prefetch").isEqualTo(1);
        // b is local now: predicting it again fetches nothing
        clock.advance(Duration.ofMinutes(1));
        p.requested("x", a);
        assertThat(p.stats().skippedLocal()).isEqualTo(1);
        assertThat(p.stats().started()).isEqualTo(1);
    }

    @Test
    void aDagLargerThanTheBudgetIsNotFetchedBeyondItsRoot() throws Exception {
        Cid b = file(3, 50_000);
        Prefetcher p = prefetcher(on().withBudgets(16_000, 1 << 20), c -> false, () -> false);
        teach(p, b);
        p.requested("x", a);
        await(() -> p.stats().overBudget() == 1);
        await(() -> p.stats().running() == 0);
        assertThat(p.stats().completed()).isZero();
        assertThat(p.stats().bytes()).isLessThanOrEqualTo(16_000);
        assertThat(local.has(b)).isTrue(); // the root tells the size
        assertThat(local.count()).isEqualTo(1);
    }

    @Test
    void theHourlyBudgetIsSharedAndRenewedEveryHour() throws Exception {
        Cid b = file(4, 8_000);
        Prefetcher p = prefetcher(on().withBudgets(1 << 20, 12_000), c -> false, () -> false);
        teach(p, b);
        p.requested("x", a);
        await(() -> p.stats().completed() == 1);
        assertThat(p.stats().hourBudgetLeft()).isLessThan(12_000 - 8_000);
        // another successor does not fit in what is left of the hour
        Cid c = file(5, 8_000);
        Prefetcher q = p; // the same prefetcher learns a → c too
        for (int i = 0; i < 6; i++) {
            q.requested("w", a);
            clock.advance(Duration.ofSeconds(1));
            q.requested("w", c);
            clock.advance(Duration.ofSeconds(40));
        }
        await(() -> p.stats().running() == 0);
        assertThat(p.stats().overBudget()).isPositive();
        assertThat(dagOf(c)).anyMatch(x -> !local.has(x));
        clock.advance(Duration.ofHours(1));
        assertThat(p.stats().hourBudgetLeft()).isEqualTo(12_000);
    }

    @Test
    void privateContentIsNeitherLearnedNorFetched() throws Exception {
        Cid b = file(6, 5_000);
        AtomicBoolean bPrivate = new AtomicBoolean(true);
        Prefetcher p = prefetcher(on(), c -> bPrivate.get() && c.equals(b), () -> false);
        teach(p, b);
        p.requested("x", a);
        assertThat(p.model().predict(a)).isEmpty(); // b's requests taught nothing
        // learned while public, private since: predicted, never fetched
        bPrivate.set(false);
        teach(p, b);
        bPrivate.set(true);
        p.requested("x", a);
        assertThat(p.stats().predictions()).isPositive();
        assertThat(p.stats().started()).isZero();
        assertThat(local.has(b)).isFalse();
        assertThat(fetcher.sessions.get()).isZero();
    }

    @Test
    void aPrivateBlockInsideTheDagIsNotFetched() throws Exception {
        Cid b = file(7, 5_000);
        Cid privateChunk = dev.ferry.dag.walk.Links.of(remote.get(b).orElseThrow()).getFirst();
        Prefetcher p = prefetcher(on(), c -> c.equals(privateChunk), () -> false);
        teach(p, b);
        p.requested("x", a);
        await(() -> p.stats().completed() == 1);
        assertThat(local.has(b)).isTrue();
        assertThat(local.has(privateChunk)).isFalse();
        assertThat(dagOf(b)).filteredOn(x -> !x.equals(privateChunk)).allMatch(local::has);
    }

    @Test
    void aBusyNodeSkipsPrefetching() throws Exception {
        Cid b = file(8, 5_000);
        AtomicBoolean busy = new AtomicBoolean(true);
        Prefetcher p = prefetcher(on(), c -> false, busy::get);
        teach(p, b);
        p.requested("x", a);
        assertThat(p.stats().skippedBusy()).isEqualTo(1);
        assertThat(p.stats().started()).isZero();
        assertThat(local.has(b)).isFalse();
        busy.set(false);
        clock.advance(Duration.ofMinutes(1));
        p.requested("x", a);
        await(() -> p.stats().completed() == 1);
    }

    @Test
    void disabledLearnsAndFetchesNothing() {
        Cid b = file(9, 5_000);
        Prefetcher p = prefetcher(PrefetchConfig.defaults(), c -> false, () -> false);
        teach(p, b);
        p.requested("x", a);
        assertThat(p.stats().enabled()).isFalse();
        assertThat(p.model().size()).isZero();
        assertThat(p.stats().predictions()).isZero();
        assertThat(fetcher.sessions.get()).isZero();
    }

    @Test
    void aFailedFetchIsCountedAndNothingBreaks() throws Exception {
        Cid b = file(10, 5_000);
        Cid chunk = dev.ferry.dag.walk.Links.of(remote.get(b).orElseThrow()).getFirst();
        remote.delete(chunk); // nobody has it
        Prefetcher p = prefetcher(on(), c -> false, () -> false);
        teach(p, b);
        p.requested("x", a);
        await(() -> p.stats().failed() == 1);
        assertThat(p.stats().completed()).isZero();
    }

    @Test
    void theSizeARootAnnounces() {
        Cid b = file(11, 30_000);
        Block root = remote.get(b).orElseThrow();
        assertThat(Prefetcher.announcedSize(root).orElseThrow()).isGreaterThanOrEqualTo(30_000);
        Block raw = Block.raw(new byte[123]);
        assertThat(Prefetcher.announcedSize(raw).orElseThrow()).isEqualTo(123);
    }
}
