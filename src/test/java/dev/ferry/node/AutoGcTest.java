package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.gc.GcException;
import dev.ferry.dag.gc.GcResult;
import dev.ferry.store.Block;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** When the automatic GC collects: above the watermark only, as Kubo's maybeGC. */
@Timeout(10)
class AutoGcTest {
    private static final GcResult TWO_BLOCKS = new GcResult(List.of(
            new GcResult.Removed(Block.raw("a".getBytes(StandardCharsets.UTF_8)).cid(), 100),
            new GcResult.Removed(Block.raw("b".getBytes(StandardCharsets.UTF_8)).cid(), 50)), 3);

    @Test
    void collectsOnlyAboveTheWatermark() {
        AtomicLong size = new AtomicLong(900);
        AtomicInteger runs = new AtomicInteger();
        try (AutoGc gc = new AutoGc(new GcSettings(1000, 90, Duration.ZERO), size::get, () -> {
            runs.incrementAndGet();
            return TWO_BLOCKS;
        })) {
            assertThat(gc.check()).isEqualTo(new AutoGc.Outcome.Under(900, 900)); // at the watermark is not above it
            assertThat(runs).hasValue(0);
            size.set(901);
            assertThat(gc.check()).isEqualTo(new AutoGc.Outcome.Collected(901, 900, 2, 150));
            size.set(5000); // past StorageMax: a warning, and the same collection
            assertThat(gc.check()).isEqualTo(new AutoGc.Outcome.Collected(5000, 900, 2, 150));
            assertThat(runs).hasValue(2);
        }
    }

    @Test
    void aRefusedCollectionIsReportedNotThrown() {
        try (AutoGc gc = new AutoGc(new GcSettings(100, 50, Duration.ZERO), () -> 80, () -> {
            throw new GcException("garbage collection aborted, nothing deleted: 1 block(s) of pinned DAGs are missing",
                    List.of(), null);
        })) {
            assertThat(gc.check()).isInstanceOfSatisfying(AutoGc.Outcome.Failed.class,
                    f -> assertThat(f.message()).contains("nothing deleted"));
        }
    }

    @Test
    void checksEveryPeriodAndNotWithAZeroPeriod() throws Exception {
        AtomicInteger sized = new AtomicInteger();
        try (AutoGc gc = new AutoGc(new GcSettings(100, 90, Duration.ofMillis(50)), () -> {
            sized.incrementAndGet();
            return 0;
        }, () -> TWO_BLOCKS).start()) {
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(5), () -> sized.get() >= 3)).isTrue();
        }
        int after = sized.get();
        Thread.sleep(200); // closed: no check any more
        assertThat(sized).hasValue(after);

        AtomicInteger never = new AtomicInteger();
        try (AutoGc gc = new AutoGc(new GcSettings(100, 90, Duration.ZERO), () -> {
            never.incrementAndGet();
            return 1000;
        }, () -> TWO_BLOCKS).start()) {
            Thread.sleep(200);
        }
        assertThat(never).hasValue(0);
    }
}
