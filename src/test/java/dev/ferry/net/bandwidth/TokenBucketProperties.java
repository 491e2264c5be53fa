package dev.ferry.net.bandwidth;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class TokenBucketProperties {
    static final long S = 1_000_000_000L;

    /** One call: wait {@code gapNanos} on the fake clock, then acquire {@code bytes}. */
    record Op(long gapNanos, int bytes) {}

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Long> gaps = Arbitraries.oneOf(Arbitraries.just(0L),
                Arbitraries.longs().between(0, 10_000_000L), Arbitraries.longs().between(0, 5 * S));
        Arbitrary<Integer> sizes = Arbitraries.oneOf(Arbitraries.integers().between(0, 64),
                Arbitraries.integers().between(0, 70_000), Arbitraries.integers().between(0, 2_000_000));
        return Combinators.combine(gaps, sizes).as(Op::new).list().ofMaxSize(60);
    }

    /**
     * Over every run of consecutive calls, the bytes granted never exceed {@code rate * elapsed + burst}, elapsed
     * from the start of the first call to the end of the last (so every chunk of them was granted inside it).
     */
    @Property(tries = 300)
    void neverExceedsRateTimesElapsedPlusBurst(@ForAll("ops") List<Op> ops,
            @ForAll @LongRange(min = 1, max = 50_000_000) long rate,
            @ForAll @LongRange(min = 1, max = 4_000_000) long burst,
            @ForAll @LongRange(min = -S * 1000, max = S * 1000) long start) throws Exception {
        FakeClock clock = new FakeClock(start);
        TokenBucket b = new TokenBucket(rate, burst, clock, clock);
        List<long[]> calls = new ArrayList<>();
        for (Op op : ops) {
            clock.advance(op.gapNanos());
            // at most ten simulated minutes and 5000 chunks per call
            int bytes = (int) Math.min(Math.min(op.bytes(), rate * 600), 5000L * b.chunk());
            long begin = clock.now;
            b.acquire(bytes);
            calls.add(new long[] {begin, clock.now, bytes});
            // and never slower than needed: a lone caller waits at most its own bytes' time (rounded up per chunk)
            long chunks = (bytes + b.chunk() - 1) / b.chunk();
            assertThat(clock.now - begin).isLessThanOrEqualTo(Math.ceilDiv(bytes * S, rate) + chunks);
        }
        BigInteger bRate = BigInteger.valueOf(rate);
        BigInteger bBurst = BigInteger.valueOf(burst).multiply(BigInteger.valueOf(S));
        for (int i = 0; i < calls.size(); i++) {
            long sum = 0;
            for (int j = i; j < calls.size(); j++) {
                sum += calls.get(j)[2];
                long elapsed = calls.get(j)[1] - calls.get(i)[0];
                // sum <= rate * elapsed / 1e9 + burst, in integers
                BigInteger lhs = BigInteger.valueOf(sum).multiply(BigInteger.valueOf(S));
                BigInteger rhs = bRate.multiply(BigInteger.valueOf(elapsed)).add(bBurst);
                assertThat(lhs).as("calls %d..%d", i, j).isLessThanOrEqualTo(rhs);
            }
        }
    }
}
