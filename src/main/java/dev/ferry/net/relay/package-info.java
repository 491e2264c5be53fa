/**
 * libp2p Circuit Relay v2 (libp2p/specs {@code relay/circuit-v2.md}): reaching peers behind NAT through a relay.
 *
 * <ul>
 *   <li>{@link dev.ferry.net.relay.RelayService} serves {@code /libp2p/circuit/relay/0.2.0/hop}: reservations (with
 *       an expiry, the relay's addresses and a signed voucher) and circuits, which it opens to the target over
 *       {@code /libp2p/circuit/relay/0.2.0/stop} and splices, within {@link dev.ferry.net.relay.RelayLimits} (Kubo's
 *       {@code Swarm.RelayService} names and defaults). A circuit past its data or duration limit is reset.
 *   <li>{@link dev.ferry.net.relay.RelayClient} reserves on relays (refreshing before expiry, announcing the
 *       {@code …/p2p/RELAY/p2p-circuit} addresses while it holds them), dials circuit addresses for the host
 *       ({@link dev.ferry.net.host.Host#setCircuitDialer}) and accepts incoming circuits on the stop protocol.
 * </ul>
 * A relayed stream is a raw connection to the host: secured and multiplexed by the usual upgrade (inside a private
 * network, with its key), and admitted as a limited {@link dev.ferry.net.host.Connection} whose remote address is the
 * circuit. Only protocols that opt in run over it ({@link dev.ferry.net.host.Host#allowOnLimitedConnections}).
 */
package dev.ferry.net.relay;
