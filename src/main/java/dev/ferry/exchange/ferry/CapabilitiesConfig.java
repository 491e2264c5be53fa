package dev.ferry.exchange.ferry;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link CapabilitiesService}, with bounded defaults.
 *
 * @param ipfs               the IPFS node announced
 * @param bandwidth          the bandwidth offer announced
 * @param falsePositiveRate  target false-positive rate of our content index (default 0.01)
 * @param maxFilterBits      cap on the bits of a peer's filter (and of ours), at most 64 Mibit (the default)
 * @param maxHashes          cap on a peer filter's hash count (default 32)
 * @param pushBurst          pushes a peer may send at once (default 8)
 * @param pushInterval       one more push allowed per interval after the burst (default 1 s)
 * @param minPushInterval    our own pushes to a peer are coalesced to at most one per interval (default 1 s)
 * @param exchangeTimeout    time to send or receive one record (default 30 s)
 * @param maxConcurrentDecodes inbound records decoded at once across all peers (default 4)
 * @param maxTableBytes      memory budget of all peer content indexes held (default 256 MiB)
 */
public record CapabilitiesConfig(IpfsNode ipfs, BandwidthLimit bandwidth, double falsePositiveRate, long maxFilterBits,
        int maxHashes, int pushBurst, Duration pushInterval, Duration minPushInterval, Duration exchangeTimeout,
        int maxConcurrentDecodes, long maxTableBytes) {
    /** Room for everything but the filter in one message. */
    public static final int ENVELOPE_OVERHEAD = 64 * 1024;

    public CapabilitiesConfig {
        Objects.requireNonNull(ipfs, "ipfs");
        Objects.requireNonNull(bandwidth, "bandwidth");
        if (!(falsePositiveRate > 0 && falsePositiveRate < 1)) {
            throw new IllegalArgumentException("falsePositiveRate must be in (0, 1)");
        }
        if (maxFilterBits < BloomFilter.MIN_BITS || maxFilterBits > BloomFilter.MAX_BITS) {
            throw new IllegalArgumentException("maxFilterBits out of [64, " + BloomFilter.MAX_BITS + "]");
        }
        if (maxHashes < 1 || maxHashes > BloomFilter.MAX_HASHES) {
            throw new IllegalArgumentException("maxHashes out of [1, " + BloomFilter.MAX_HASHES + "]");
        }
        if (pushBurst < 1 || maxConcurrentDecodes < 1 || maxTableBytes < 0) {
            throw new IllegalArgumentException("pushBurst and maxConcurrentDecodes must be >= 1, maxTableBytes >= 0");
        }
        if (pushInterval.isNegative() || minPushInterval.isNegative() || !exchangeTimeout.isPositive()) {
            throw new IllegalArgumentException("intervals must be >= 0 and the timeout > 0");
        }
    }

    public static CapabilitiesConfig defaults() {
        return new CapabilitiesConfig(IpfsNode.disabled(), BandwidthLimit.NONE, 0.01, BloomFilter.MAX_BITS,
                BloomFilter.MAX_HASHES, 8, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30), 4,
                256L << 20);
    }

    /** The largest message accepted: the largest filter plus {@link #ENVELOPE_OVERHEAD}. */
    public int maxMessageBytes() {
        return (int) ((maxFilterBits + 7) / 8) + ENVELOPE_OVERHEAD;
    }

    public CapabilitiesConfig withIpfs(IpfsNode v) {
        return new CapabilitiesConfig(v, bandwidth, falsePositiveRate, maxFilterBits, maxHashes, pushBurst,
                pushInterval, minPushInterval, exchangeTimeout, maxConcurrentDecodes, maxTableBytes);
    }

    public CapabilitiesConfig withBandwidth(BandwidthLimit v) {
        return new CapabilitiesConfig(ipfs, v, falsePositiveRate, maxFilterBits, maxHashes, pushBurst,
                pushInterval, minPushInterval, exchangeTimeout, maxConcurrentDecodes, maxTableBytes);
    }

    public CapabilitiesConfig withFalsePositiveRate(double v) {
        return new CapabilitiesConfig(ipfs, bandwidth, v, maxFilterBits, maxHashes, pushBurst,
                pushInterval, minPushInterval, exchangeTimeout, maxConcurrentDecodes, maxTableBytes);
    }

    public CapabilitiesConfig withMaxFilterBits(long v) {
        return new CapabilitiesConfig(ipfs, bandwidth, falsePositiveRate, v, maxHashes, pushBurst,
                pushInterval, minPushInterval, exchangeTimeout, maxConcurrentDecodes, maxTableBytes);
    }

    public CapabilitiesConfig withPushRate(int burst, Duration interval) {
        return new CapabilitiesConfig(ipfs, bandwidth, falsePositiveRate, maxFilterBits, maxHashes, burst,
                interval, minPushInterval, exchangeTimeout, maxConcurrentDecodes, maxTableBytes);
    }

    public CapabilitiesConfig withMinPushInterval(Duration v) {
        return new CapabilitiesConfig(ipfs, bandwidth, falsePositiveRate, maxFilterBits, maxHashes, pushBurst,
                pushInterval, v, exchangeTimeout, maxConcurrentDecodes, maxTableBytes);
    }

    public CapabilitiesConfig withExchangeTimeout(Duration v) {
        return new CapabilitiesConfig(ipfs, bandwidth, falsePositiveRate, maxFilterBits, maxHashes, pushBurst,
                pushInterval, minPushInterval, v, maxConcurrentDecodes, maxTableBytes);
    }

    public CapabilitiesConfig withMaxTableBytes(long v) {
        return new CapabilitiesConfig(ipfs, bandwidth, falsePositiveRate, maxFilterBits, maxHashes, pushBurst,
                pushInterval, minPushInterval, exchangeTimeout, maxConcurrentDecodes, v);
    }
}
