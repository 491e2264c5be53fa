package dev.ferry.exchange.bitswap.server;

import dev.ferry.exchange.bitswap.wire.BitswapCodec;

/**
 * Limits of the Bitswap server.
 *
 * @param workers               threads preparing answers (reading the store); peers are served round robin
 * @param maxWantsPerPeer       queued wants kept per peer (pending plus waiting for a block); more are dropped
 * @param maxBatchBytes         block bytes per answer message (several blocks per message up to this)
 * @param maxBatchPresences     HAVE/DONT_HAVE entries per answer message
 * @param maxOutstandingBatches answers per peer prepared but not yet written; bounds the bytes queued per peer
 */
public record ServerConfig(int workers, int maxWantsPerPeer, int maxBatchBytes, int maxBatchPresences,
        int maxOutstandingBatches) {
    public ServerConfig {
        if (workers < 1 || workers > 256) {
            throw new IllegalArgumentException("workers " + workers);
        }
        if (maxWantsPerPeer < 1 || maxBatchPresences < 1 || maxOutstandingBatches < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (maxBatchBytes < 1 || maxBatchBytes > BitswapCodec.MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("maxBatchBytes must be in [1, 2 MiB]: " + maxBatchBytes);
        }
    }

    /** 4 workers, 1024 wants per peer, 2 MiB batches of at most 1024 presences, 4 batches in flight per peer. */
    public static ServerConfig defaults() {
        return new ServerConfig(4, 1024, BitswapCodec.MAX_BLOCK_SIZE, 1024, 4);
    }

    public ServerConfig withWorkers(int n) {
        return new ServerConfig(n, maxWantsPerPeer, maxBatchBytes, maxBatchPresences, maxOutstandingBatches);
    }

    public ServerConfig withMaxWantsPerPeer(int n) {
        return new ServerConfig(workers, n, maxBatchBytes, maxBatchPresences, maxOutstandingBatches);
    }
}
