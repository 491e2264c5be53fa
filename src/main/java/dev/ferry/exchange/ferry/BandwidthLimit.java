package dev.ferry.exchange.ferry;

/** The bandwidth a node offers to peers, in bytes per second each way; 0 means no announced limit. */
public record BandwidthLimit(long uploadBytesPerSecond, long downloadBytesPerSecond) {
    public static final BandwidthLimit NONE = new BandwidthLimit(0, 0);

    public BandwidthLimit {
        if (uploadBytesPerSecond < 0 || downloadBytesPerSecond < 0) {
            throw new IllegalArgumentException("bandwidth limits must be >= 0");
        }
    }

    public boolean unlimited() {
        return uploadBytesPerSecond == 0 && downloadBytesPerSecond == 0;
    }
}
