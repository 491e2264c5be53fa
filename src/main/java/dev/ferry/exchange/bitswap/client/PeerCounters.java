package dev.ferry.exchange.bitswap.client;

import dev.ferry.identity.PeerId;

/**
 * What the client saw from one peer.
 *
 * @param speed bytes/s, moving average over recent deliveries
 * @param bad   unasked, unverifiable or malformed deliveries
 */
public record PeerCounters(PeerId peer, long blocksReceived, long bytesReceived, long dupBlocks, long bad,
        int inFlight, double speed) {}
