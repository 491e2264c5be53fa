/**
 * The Bitswap server: per-peer ledgers and a fair scheduler (see {@link dev.ferry.exchange.bitswap.server.BitswapServer}).
 *
 * <p>Limits: {@link dev.ferry.exchange.bitswap.server.ServerConfig#maxWantsPerPeer} queued wants per peer (excess
 * dropped and counted), one batch of at most 2 MiB of blocks per peer per round, at most
 * {@code maxOutstandingBatches} unwritten batches per peer. Policy enters through
 * {@link dev.ferry.exchange.bitswap.server.RequestGate}. Corrupt blocks in the local store are not served.
 */
package dev.ferry.exchange.bitswap.server;
