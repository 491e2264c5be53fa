/**
 * The Bitswap server: per-peer ledgers and a fair scheduler (see {@link dev.ferry.exchange.bitswap.server.BitswapServer}).
 *
 * <p>Limits: {@link dev.ferry.exchange.bitswap.server.ServerConfig#maxWantsPerPeer} queued wants per peer (excess
 * dropped and counted), one batch of at most 2 MiB of blocks per peer per round (up to four for a peer its
 * {@link dev.ferry.exchange.bitswap.server.PeerWeights} weigh more), at most {@code maxOutstandingBatches} unwritten
 * batches per peer. Policy enters through {@link dev.ferry.exchange.bitswap.server.RequestGate} and
 * {@link dev.ferry.exchange.bitswap.server.PeerWeights}. Corrupt blocks in the local store are not served.
 */
package dev.ferry.exchange.bitswap.server;
