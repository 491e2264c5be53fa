package dev.ferry.policy.bandwidth;

/**
 * The configured caps, in bytes per second each way (the same number for reads and for writes); 0 means no cap.
 *
 * @param p2pBytesPerSecond     shared by all traffic with ferry peers ({@code Bandwidth.P2PLimit})
 * @param ipfsBytesPerSecond    shared by all traffic with plain IPFS peers ({@code Bandwidth.IPFSLimit}); also
 *                              offered to gateway traffic through {@link BandwidthBudgets#ipfsClass()}
 * @param perPeerBytesPerSecond each peer's own cap, on top of its class's
 */
public record BandwidthLimits(long p2pBytesPerSecond, long ipfsBytesPerSecond, long perPeerBytesPerSecond) {
    public BandwidthLimits {
        nonNegative(p2pBytesPerSecond, "p2pBytesPerSecond");
        nonNegative(ipfsBytesPerSecond, "ipfsBytesPerSecond");
        nonNegative(perPeerBytesPerSecond, "perPeerBytesPerSecond");
    }

    /** No caps at all. */
    public static BandwidthLimits none() {
        return new BandwidthLimits(0, 0, 0);
    }

    public BandwidthLimits withP2p(long bytesPerSecond) {
        return new BandwidthLimits(bytesPerSecond, ipfsBytesPerSecond, perPeerBytesPerSecond);
    }

    public BandwidthLimits withIpfs(long bytesPerSecond) {
        return new BandwidthLimits(p2pBytesPerSecond, bytesPerSecond, perPeerBytesPerSecond);
    }

    public BandwidthLimits withPerPeer(long bytesPerSecond) {
        return new BandwidthLimits(p2pBytesPerSecond, ipfsBytesPerSecond, bytesPerSecond);
    }

    /** True when no cap is set. */
    public boolean isUnlimited() {
        return p2pBytesPerSecond == 0 && ipfsBytesPerSecond == 0 && perPeerBytesPerSecond == 0;
    }

    private static void nonNegative(long v, String name) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " < 0: " + v);
        }
    }
}
