package dev.ferry.routing.router;

/**
 * The weights of the default score (all configurable). For a remote candidate:
 * <pre>
 * score = directPeer        (a ferry peer whose index claims the CID)
 *       + ipfsAccess        (the source reaches the IPFS network: a peer announcing IPFS, the IPFS network, a gateway)
 *       + trustPerLevel · trust level (0..10)
 *       + fastBonus         (measured bandwidth above fastBytesPerSecond)
 *       − latencyPerMs · measured latency in ms
 *       − missPenalty · index misses recorded for the peer
 * </pre>
 * The local store scores {@code local} and always ranks first. Defaults: 100, 50, 10, 20 above 1 MB/s
 * (1,000,000 bytes/s), 0.1 per ms (latency / 10), 25 per miss, local 1000.
 */
public record ScoreWeights(double directPeer, double ipfsAccess, double trustPerLevel, double fastBonus,
        long fastBytesPerSecond, double latencyPerMs, double missPenalty, double local) {
    public ScoreWeights {
        for (double w : new double[] {directPeer, ipfsAccess, trustPerLevel, fastBonus, latencyPerMs, missPenalty,
                local}) {
            if (!Double.isFinite(w)) {
                throw new IllegalArgumentException("score weights must be finite numbers");
            }
        }
        if (fastBytesPerSecond < 0) {
            throw new IllegalArgumentException("fastBytesPerSecond must be >= 0");
        }
    }

    public static ScoreWeights defaults() {
        return new ScoreWeights(100, 50, 10, 20, 1_000_000, 0.1, 25, 1000);
    }

    public ScoreWeights withDirectPeer(double v) {
        return new ScoreWeights(v, ipfsAccess, trustPerLevel, fastBonus, fastBytesPerSecond, latencyPerMs, missPenalty, local);
    }

    public ScoreWeights withIpfsAccess(double v) {
        return new ScoreWeights(directPeer, v, trustPerLevel, fastBonus, fastBytesPerSecond, latencyPerMs, missPenalty, local);
    }

    public ScoreWeights withTrustPerLevel(double v) {
        return new ScoreWeights(directPeer, ipfsAccess, v, fastBonus, fastBytesPerSecond, latencyPerMs, missPenalty, local);
    }

    public ScoreWeights withFastBonus(double v, long aboveBytesPerSecond) {
        return new ScoreWeights(directPeer, ipfsAccess, trustPerLevel, v, aboveBytesPerSecond, latencyPerMs, missPenalty, local);
    }

    public ScoreWeights withLatencyPerMs(double v) {
        return new ScoreWeights(directPeer, ipfsAccess, trustPerLevel, fastBonus, fastBytesPerSecond, v, missPenalty, local);
    }

    public ScoreWeights withMissPenalty(double v) {
        return new ScoreWeights(directPeer, ipfsAccess, trustPerLevel, fastBonus, fastBytesPerSecond, latencyPerMs, v, local);
    }
}
