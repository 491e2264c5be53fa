package dev.ferry.net.bandwidth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TokenBucketTest {
    static final long S = 1_000_000_000L;
    static final long MS = 1_000_000L;

    @Test
    void aFullBucketLetsTheBurstPassAtOnce() throws Exception {
        FakeClock clock = new FakeClock(5 * S);
        TokenBucket b = new TokenBucket(1000, 500, clock, clock);
        b.acquire(500);
        assertThat(clock.sleeps).isEmpty();
        b.acquire(100); // the bucket is empty: 100 bytes at 1000 B/s
        assertThat(clock.now - 5 * S).isEqualTo(100 * MS);
    }

    @Test
    void sustainedTransferRunsAtTheRate() throws Exception {
        FakeClock clock = new FakeClock(0);
        TokenBucket b = new TokenBucket(1000, 100, clock, clock);
        for (int i = 0; i < 10; i++) {
            b.acquire(1000);
        }
        // the burst comes free, the rest at the rate
        assertThat(clock.now).isEqualTo((10_000 - 100) * S / 1000);
    }

    @Test
    void idleTimeRefillsOnlyUpToTheBurst() throws Exception {
        FakeClock clock = new FakeClock(0);
        TokenBucket b = new TokenBucket(1000, 200, clock, clock);
        b.acquire(200);
        clock.advance(100 * S); // far more than needed to refill
        assertThat(b.available()).isEqualTo(200);
        long before = clock.now;
        b.acquire(700);
        assertThat(clock.now - before).isEqualTo(500 * MS);
    }

    @Test
    void ratesAreExactForOddNumbers() throws Exception {
        FakeClock clock = new FakeClock(0);
        TokenBucket b = new TokenBucket(3, 1, clock, clock);
        b.acquire(1);
        b.acquire(3);
        // costs round up to whole nanoseconds: never faster than the rate
        assertThat(clock.now).isBetween(S, S + 3);
    }

    @Test
    void aHugeRequestIsTakenChunkByChunk() throws Exception {
        FakeClock clock = new FakeClock(0);
        TokenBucket b = new TokenBucket(1 << 20, 64 * 1024, clock, clock);
        assertThat(b.chunk()).isEqualTo(TokenBucket.MAX_CHUNK);
        b.acquire(8 << 20);
        assertThat(clock.sleeps).hasSizeGreaterThanOrEqualTo((8 << 20) / TokenBucket.MAX_CHUNK - 4);
        assertThat(clock.now).isEqualTo(((8L << 20) - 64 * 1024) * S / (1 << 20));
    }

    @Test
    void chunksNeverExceedTheBurst() {
        TokenBucket b = new TokenBucket(1000, 100, new FakeClock(0), new FakeClock(0));
        assertThat(b.chunk()).isEqualTo(100);
    }

    @Test
    void concurrentCallersShareTheRateFairly() throws Exception {
        VirtualTime time = new VirtualTime();
        long rate = 64 * 1024;
        TokenBucket b = new TokenBucket(rate, 16 * 1024, time, time);
        int callers = 4;
        int each = 256 * 1024;
        ConcurrentHashMap<Integer, Long> done = new ConcurrentHashMap<>();
        List<VirtualTime.Task> tasks = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            int id = i;
            tasks.add(() -> {
                b.acquire(each);
                done.put(id, time.getAsLong());
            });
        }
        time.run(tasks);
        long expected = ((long) callers * each - 16 * 1024) * S / rate; // 15.75 s
        long last = done.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        long first = done.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        assertThat(last).isCloseTo(expected, within(10 * MS));
        // round robin by chunk: everyone finishes within one round of chunks of the end, give or take the chunks
        // the first caller found in the full bucket
        long chunkTime = b.chunk() * S / rate;
        assertThat(last - first).isLessThanOrEqualTo((callers + 2) * chunkTime);
        assertThat(done.values()).allSatisfy(t -> assertThat(t).isGreaterThan(last - (callers + 2) * chunkTime - 1));
    }

    @Test
    void aHugeRequestDoesNotStarveASmallOne() throws Exception {
        VirtualTime time = new VirtualTime();
        long rate = 1 << 20;
        TokenBucket b = new TokenBucket(rate, 64 * 1024, time, time);
        AtomicLong bigDone = new AtomicLong();
        AtomicLong smallStart = new AtomicLong();
        AtomicLong smallDone = new AtomicLong();
        time.run(List.of(
                () -> {
                    b.acquire(100 << 20); // 100 MiB: about 100 s at this rate
                    bigDone.set(time.getAsLong());
                },
                () -> {
                    time.sleep(S); // arrives while the big one is under way
                    smallStart.set(time.getAsLong());
                    b.acquire(32 * 1024);
                    smallDone.set(time.getAsLong());
                }));
        assertThat(bigDone.get()).isGreaterThan(90 * S);
        // two chunks of its own, interleaved with at most three of the big one's
        long bound = 5L * TokenBucket.MAX_CHUNK * S / rate;
        assertThat(smallDone.get() - smallStart.get()).isLessThanOrEqualTo(bound);
    }

    @Test
    void manyConcurrentCallersTogetherKeepTheRate() throws Exception {
        VirtualTime time = new VirtualTime();
        long rate = 500_000;
        long burst = 50_000;
        TokenBucket b = new TokenBucket(rate, burst, time, time);
        Random random = new Random(7);
        AtomicLong total = new AtomicLong();
        List<VirtualTime.Task> tasks = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            long seed = random.nextLong();
            tasks.add(() -> {
                Random r = new Random(seed);
                for (int k = 0; k < 20; k++) {
                    int n = 1 + r.nextInt(40_000);
                    if (r.nextBoolean()) {
                        time.sleep(r.nextInt(50) * MS);
                    }
                    b.acquire(n);
                    total.addAndGet(n);
                }
            });
        }
        time.run(tasks);
        double expected = (total.get() - burst) / (double) rate;
        assertThat(time.getAsLong() / 1e9).isCloseTo(expected, within(expected * 0.02 + 0.05));
    }

    @Test
    void realClockTransferKeepsTheRate() throws Exception {
        TokenBucket b = new TokenBucket(2_000_000, 50_000);
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            b.acquire(10_000); // 1 MB: 0.475 s after the burst
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(seconds).isBetween(0.475 * 0.95, 0.475 * 1.25);
    }

    @Test
    void anInterruptedWaitThrowsInterruptedIo() throws Exception {
        TokenBucket b = new TokenBucket(1000, 1);
        b.acquire(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread t = Thread.ofVirtual().start(() -> {
            started.countDown();
            try {
                b.acquire(1_000_000); // about 1000 s
            } catch (Throwable e) {
                failure.set(e);
                flag.set(Thread.currentThread().isInterrupted());
            }
        });
        started.await();
        t.interrupt();
        t.join(5000);
        assertThat(t.isAlive()).isFalse();
        assertThat(failure.get()).isInstanceOf(InterruptedIOException.class);
        assertThat(flag.get()).isTrue();
    }

    @Test
    void unlimitedNeverWaitsAndCompositionDropsIt() throws Exception {
        RateLimiter u = RateLimiter.unlimited();
        assertThat(u.isUnlimited()).isTrue();
        u.acquire(Direction.OUT, Integer.MAX_VALUE);
        assertThat(RateLimiter.allOf(u, u).isUnlimited()).isTrue();
        assertThat(RateLimiter.perDirection(u, u).isUnlimited()).isTrue();
        TokenBucket b = new TokenBucket(10, 10);
        assertThat(RateLimiter.allOf(u, b)).isSameAs(b);
    }

    @Test
    void perDirectionUsesTheRightBucketAndAllOfTakesFromEach() throws Exception {
        FakeClock clock = new FakeClock(0);
        TokenBucket in = new TokenBucket(1000, 1000, clock, clock);
        TokenBucket out = new TokenBucket(1000, 1000, clock, clock);
        TokenBucket shared = new TokenBucket(1000, 2000, clock, clock);
        RateLimiter l = RateLimiter.allOf(RateLimiter.perDirection(in, out), shared);
        l.acquire(Direction.IN, 1000);
        assertThat(in.available()).isZero();
        assertThat(out.available()).isEqualTo(1000);
        assertThat(shared.available()).isEqualTo(1000);
        l.acquire(Direction.OUT, 1000);
        assertThat(out.available()).isZero();
        assertThat(shared.available()).isZero();
        assertThat(clock.sleeps).isEmpty();
        l.acquire(Direction.OUT, 500); // both empty: the slower one sets the pace, the other refills meanwhile
        assertThat(clock.now).isEqualTo(500 * MS);
    }

    @Test
    void aChainOfEqualBucketsKeepsTheirRateForWritesLargerThanTheBurst() throws Exception {
        FakeClock clock = new FakeClock(0);
        long rate = 100_000;
        RateLimiter chain = RateLimiter.allOf(new TokenBucket(rate, 32 * 1024, clock, clock),
                new TokenBucket(rate, 32 * 1024, clock, clock));
        for (int i = 0; i < 20; i++) {
            chain.acquire(Direction.OUT, 64 * 1024);
        }
        // taken one piece at a time through both: the second refills while the first waits
        assertThat(clock.now).isEqualTo((20L * 64 * 1024 - 32 * 1024) * S / rate);
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> new TokenBucket(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(10, TokenBucket.MAX_BURST + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(10, 10).acquire(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
