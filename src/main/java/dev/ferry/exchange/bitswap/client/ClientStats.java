package dev.ferry.exchange.bitswap.client;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A snapshot of the client: totals, the open wantlist, per-peer counters (also of recent former partners), banned
 * peers, and what the client asked for since it started.
 *
 * @param wantMessagesSent messages carrying want entries handed to the network (one per peer per scheduling round)
 * @param wantHavesSent    want-have entries in those messages
 * @param wantBlocksSent   want-block entries in those messages
 * @param cancelsSent      cancel entries in those messages
 */
public record ClientStats(long blocksReceived, long dataReceived, long dupBlocksReceived, long dupDataReceived,
        long badBlocksReceived, List<Cid> wantlist, Map<PeerId, PeerCounters> peers, Set<PeerId> banned,
        long wantMessagesSent, long wantHavesSent, long wantBlocksSent, long cancelsSent) {

    /** want-have and want-block entries sent (cancels not included). */
    public long wantsSent() {
        return wantHavesSent + wantBlocksSent;
    }
}
