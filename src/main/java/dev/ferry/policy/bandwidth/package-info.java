/**
 * Bandwidth budgets: turns the configured caps into the {@link dev.ferry.net.bandwidth.RateLimiter}s the net layer
 * applies to each connection.
 *
 * <h2>Configuration</h2>
 * Three numbers in bytes per second, each applied separately to reads and to writes ("each way"); 0 means no cap
 * ({@link dev.ferry.policy.bandwidth.BandwidthLimits}):
 * <ul>
 *   <li>{@code Bandwidth.P2PLimit}: all traffic with ferry peers together;
 *   <li>{@code Bandwidth.IPFSLimit}: all traffic with plain IPFS peers together (and gateway traffic, where the caller
 *       takes from {@link dev.ferry.policy.bandwidth.BandwidthBudgets#ipfsClass()});
 *   <li>a per-peer cap, applied to every peer on top of its class's.
 * </ul>
 *
 * <h2>Behaviour</h2>
 * {@link dev.ferry.policy.bandwidth.BandwidthBudgets} is a {@link dev.ferry.net.bandwidth.BandwidthPolicy}. A peer's
 * limiter takes the bytes from the peer's own bucket, then from its class's shared bucket; the class is decided on
 * every call by the predicate {@code isFerryPeer(PeerId)} (ferry-ness is learned after identify and capabilities, while
 * the connection is already open). Every bucket is a {@link dev.ferry.net.bandwidth.TokenBucket} per direction with
 * a burst of 50 ms of traffic (at least 32 KiB). All connections to a peer share its bucket. Over any second a capped
 * class or peer moves at most its cap plus one burst; a long transfer runs at the cap within a few percent.
 *
 * <h2>Wiring</h2>
 * {@code node} builds {@code new BandwidthBudgets(limits, trust::isFerryPeer)} and calls
 * {@code host.setBandwidthPolicy(budgets)}; {@code host.bandwidth()} gives the meters ({@code ferry stats bw}).
 * Replacing the budgets (a config reload) is another {@code setBandwidthPolicy}, applied to open connections at once.
 */
package dev.ferry.policy.bandwidth;
