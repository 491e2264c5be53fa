/**
 * The Bitswap client: wants, sessions and DAG streaming (see
 * {@link dev.ferry.exchange.bitswap.client.BitswapClient}).
 *
 * <p>Limits: {@link dev.ferry.exchange.bitswap.client.ClientConfig#maxInFlightPerPeer} want-blocks per peer, a
 * prefetch window per stream, {@code maxWants} open wants in total. Every block is hashed (its CID rebuilt from the
 * data under the sender's prefix, and matched against a want) and stored before it is returned; the blocks of one
 * message are hashed on several cores, and nothing else is queued: the reading thread waits for them. Unasked blocks are
 * dropped and counted against their sender, which is disconnected past a threshold. A timed-out fetch cancels its
 * wants at every peer asked and leaves nothing behind.
 */
package dev.ferry.exchange.bitswap.client;
