package dev.ferry.net.bandwidth;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** A single-threaded fake clock whose sleeper advances it by exactly the requested time, recording each sleep. */
final class FakeClock implements LongSupplier, Sleeper {
    long now;
    final List<Long> sleeps = new ArrayList<>();

    FakeClock(long start) {
        this.now = start;
    }

    @Override
    public long getAsLong() {
        return now;
    }

    @Override
    public void sleep(long nanos) {
        sleeps.add(nanos);
        now += nanos;
    }

    void advance(long nanos) {
        now += nanos;
    }
}
