package dev.ferry.exchange.bitswap.server;

import dev.ferry.identity.PeerId;

/** A copy of one peer's ledger: what it wants and what was exchanged with it. */
public record LedgerSnapshot(PeerId peer, int wants, long blocksSent, long bytesSent, long blocksReceived,
        long bytesReceived, long wantsDropped) {}
