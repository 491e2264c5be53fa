/**
 * The libp2p host: composes TCP, multistream-select, Noise and Yamux into connections, and routes streams.
 *
 * <h2>Connection upgrade</h2>
 * TCP → multistream {@code /noise} → Noise XX (the dialer checks the peer id it dialled) → multistream
 * {@code /yamux/1.0.0} → Yamux. The whole upgrade must finish within {@code upgradeTimeout}; a peer that connects and
 * never speaks is dropped then. Each new muxed stream negotiates its protocol with multistream-select within
 * {@code negotiationTimeout}.
 *
 * <h2>Limits ({@link dev.ferry.net.host.HostConfig})</h2>
 * <ul>
 *   <li>pending inbound upgrades: beyond {@code maxPendingInbound} an accepted socket is reset before any crypto;
 *   <li>connections: at most {@code maxConnections} in total and {@code maxConnectionsPerPeer} per peer; over the
 *       limit an upgraded connection is closed (and a dial fails with {@link
 *       dev.ferry.net.host.ConnectionLimitException});
 *   <li>watermarks: above {@code highWatermark} connections, unprotected peers past {@code gracePeriod} are closed,
 *       least recently used first, down to {@code lowWatermark};
 *   <li>streams: at most {@code maxStreamsPerConnection} open per connection (both directions); an inbound one over
 *       the limit is reset, an outbound one fails with ConnectionLimitException;
 *   <li>peer store: {@code maxPeers} entries, {@code maxAddressesPerPeer} addresses each.
 * </ul>
 * Concurrent dials to one peer share one attempt; a dial to a peer already connected returns that connection.
 *
 * <h2>Resource manager</h2>
 * On top of those caps, {@link dev.ferry.net.host.ResourceManager} (Kubo's {@code Swarm.ResourceMgr}) limits per
 * scope across connections: the system (the whole host), the transient scope (connections until the handshake names
 * the peer, streams until their protocol is agreed), each protocol and each peer, with Kubo's limit names
 * ({@link dev.ferry.net.host.ResourceLimits}). A connection is reserved when accepted (before any crypto) or before it
 * is dialled, and moves to its peer's scope after the handshake; a stream is reserved when opened or accepted, and
 * moves to its protocol's scope once negotiated. Over a limit, an inbound connection or stream is reset, an outbound
 * one fails with {@link dev.ferry.net.host.ResourceLimitException} naming the scope and the limit. Closing a stream
 * or connection gives its reservations back exactly once; a closing connection also gives back those of its streams
 * nobody closed. Allowlisted addresses pass the system, transient and peer connection limits (still counted).
 *
 * <h2>Address filters</h2>
 * {@link dev.ferry.net.host.Host#addrFilters()} (Kubo's {@code Swarm.AddrFilters}) are checked at the two places every
 * connection passes: the dial loop skips each address inside a filter (a dial left with none fails with
 * {@link dev.ferry.net.host.AddressFilteredException}, "address filtered: …"; a DNS name is resolved first and none of
 * its filtered IPs is connected to), and an accepted socket from a filtered address is reset before the handshake. Whoever asks for the dial (peering, the DHT, an address learnt over
 * identify) gets the same answer. Open connections are left alone when a filter is added, as Kubo's. The
 * {@link dev.ferry.net.host.AnnounceFilter} ({@code Addresses.NoAnnounce}) hides addresses from
 * {@link dev.ferry.net.host.Host#announceAddresses()}, which every announcement reads.
 *
 * <h2>Limited (relayed) connections</h2>
 * A connection whose raw stream is a Circuit Relay v2 circuit ({@link dev.ferry.net.host.Host#setCircuitDialer} when
 * dialling a {@code …/p2p/RELAY/p2p-circuit} address, {@link dev.ferry.net.host.Host#acceptRelayed} when a relay
 * opens one to us) is upgraded as any other (private network, Noise, Yamux) and is
 * {@link dev.ferry.net.host.Connection#limited()}: its remote address is the circuit. Only protocols that opt in with
 * {@link dev.ferry.net.host.Host#allowOnLimitedConnections} run over it (ping and identify do), both ways, as in
 * go-libp2p; a stream to a peer goes over a direct connection when there is one.
 *
 * <h2>Bandwidth</h2>
 * Every raw TCP connection is wrapped in a {@link dev.ferry.net.bandwidth.MeteredStream} before the upgrade, so the
 * bytes on the wire are counted ({@link dev.ferry.net.host.Host#bandwidth()}: total, per peer, per connection; sampled
 * every 500 ms on the timer thread) and throttled. Once the peer is known the host asks its
 * {@link dev.ferry.net.bandwidth.BandwidthPolicy} ({@link dev.ferry.net.host.Host#setBandwidthPolicy}, unlimited by
 * default) for the connection's limiter, and asks again when identify replaces the peer's protocols, when
 * {@link dev.ferry.net.host.Host#refreshBandwidthPolicy} is called, and for all connections when the policy changes.
 * A policy that throws leaves the limiter as it was.
 *
 * <h2>Threading</h2>
 * Blocking code on virtual threads: one per listener (accept), one per connection (upgrade, then its inbound stream
 * accept loop), one per inbound stream (negotiation and handler). Timeouts are armed on one scheduler thread that only
 * starts virtual threads. Locks are ReentrantLocks never held across I/O. See {@link dev.ferry.net.host.Host}.
 */
package dev.ferry.net.host;
