/**
 * Bitswap 1.2.0 (also 1.1.0, 1.0.0 and legacy {@code /ipfs/bitswap}): block exchange with IPFS peers.
 *
 * <p>Split as boxo does: {@code wire} (messages, framing, CID prefixes; the only place protobuf classes live),
 * {@code network} (streams on the host), {@code server} (ledgers, fair answers), {@code client} (wants, sessions, DAG
 * prefetch). {@link dev.ferry.exchange.bitswap.Bitswap} wires them on a host. Every block crossing the wire is
 * verified before it is stored or returned; every queue is bounded (see each part's config).
 */
package dev.ferry.exchange.bitswap;
