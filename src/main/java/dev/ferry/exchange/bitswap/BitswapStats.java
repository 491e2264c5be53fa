package dev.ferry.exchange.bitswap;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import java.util.List;
import java.util.Map;

/**
 * Kubo's {@code bitswap stat} and more: totals, the open wantlist, the partners and per-peer counters.
 *
 * @param badBlocksReceived unasked, unverifiable or malformed deliveries (each counted against its peer)
 */
public record BitswapStats(long blocksReceived, long dataReceived, long blocksSent, long dataSent,
        long dupBlksReceived, long dupDataReceived, long badBlocksReceived, List<Cid> wantlist, List<PeerId> peers,
        Map<PeerId, PeerStats> perPeer) {

    /** One partner: what we got from it and what we sent it. */
    public record PeerStats(long blocksReceived, long bytesReceived, long blocksSent, long bytesSent, long dupBlocks,
            long badBlocks, int theirWants, double speed) {}
}
