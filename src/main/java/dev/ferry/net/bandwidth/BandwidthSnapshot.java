package dev.ferry.net.bandwidth;

/**
 * Bytes moved so far and the current rate, each way.
 *
 * @param totalIn  bytes read since the meter started
 * @param totalOut bytes written since the meter started
 * @param rateIn   bytes per second read over the meter's recent window
 * @param rateOut  bytes per second written over the meter's recent window
 */
public record BandwidthSnapshot(long totalIn, long totalOut, double rateIn, double rateOut) {
    public static final BandwidthSnapshot ZERO = new BandwidthSnapshot(0, 0, 0, 0);

    public BandwidthSnapshot {
        if (totalIn < 0 || totalOut < 0 || !(rateIn >= 0) || !(rateOut >= 0)) {
            throw new IllegalArgumentException("negative or NaN bandwidth figures");
        }
    }

    /** The sum of two snapshots (e.g. several connections of one peer). */
    public BandwidthSnapshot plus(BandwidthSnapshot o) {
        return new BandwidthSnapshot(totalIn + o.totalIn, totalOut + o.totalOut, rateIn + o.rateIn,
                rateOut + o.rateOut);
    }
}
