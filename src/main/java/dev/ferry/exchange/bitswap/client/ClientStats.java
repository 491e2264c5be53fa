package dev.ferry.exchange.bitswap.client;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A snapshot of the client: totals, the open wantlist, per-peer counters (also of recent former partners), banned peers. */
public record ClientStats(long blocksReceived, long dataReceived, long dupBlocksReceived, long dupDataReceived,
        long badBlocksReceived, List<Cid> wantlist, Map<PeerId, PeerCounters> peers, Set<PeerId> banned) {}
