/**
 * The Bitswap client: wants, sessions and DAG streaming (see
 * {@link dev.ferry.exchange.bitswap.client.BitswapClient}).
 *
 * <p>Limits: {@link dev.ferry.exchange.bitswap.client.ClientConfig#maxInFlightPerPeer} want-blocks per peer, a
 * prefetch window per stream, {@code maxWants} open wants in total. Every block is verified twice over (CID rebuilt
 * from the data, then {@link dev.ferry.store.Block} construction) and stored before it is returned. Unasked blocks are
 * dropped and counted against their sender, which is disconnected past a threshold. A timed-out fetch cancels its
 * wants at every peer asked and leaves nothing behind.
 */
package dev.ferry.exchange.bitswap.client;
