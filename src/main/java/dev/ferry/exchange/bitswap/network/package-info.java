/**
 * Bitswap over libp2p streams.
 *
 * <p>Inbound: every Bitswap id (1.2.0, 1.1.0, 1.0.0, legacy) is served; a stream is read as messages until EOF and is
 * never answered on (answers go out on our own stream), because go peers answer on streams they open (boxo#80) and
 * Kubo ≥ 0.37 reuses one outbound stream. A malformed or oversized message resets that stream and is reported.
 *
 * <p>Outbound: one long-lived stream per peer, negotiated newest id first; messages are queued (bounded), written in
 * order by one drain thread, flushed once per batch, and encoded for the version the peer accepted. A failed write is
 * retried once on a fresh stream; then the queued futures fail. Disconnecting the peer drops its outbox.
 */
package dev.ferry.exchange.bitswap.network;
