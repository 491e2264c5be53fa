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
 *   <li>{@code Bandwidth.PerPeerLimit}: a per-peer cap, applied to every peer on top of its class's, times the
 *       peer's {@link dev.ferry.policy.bandwidth.PeerCapMultiplier} (1 by default; the node gives peers with storage
 *       credit their credit's weight, 2 to 4).
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
 * <p>A multiplier is read when a peer's limiter is built (on connection, identify, or the host's refresh), never per
 * byte: a peer whose multiplier changed gets new buckets of the new cap, a peer whose multiplier stayed keeps its
 * buckets. A class bucket takes the bytes of every peer of its class whatever their multipliers, so a large own cap
 * never lets one peer take more than the class's total. Inside a class, waiting callers are served in the order they
 * reserved, chunk by chunk: a peer with a larger own cap gets a larger share only in that it waits less on its own
 * bucket (no weighted shares inside the class bucket: they would need reservations larger than the burst, which
 * would break the bound above, or a weighted queue in the bucket).
 *
 * <h2>Wiring</h2>
 * {@code node} builds {@code new BandwidthBudgets(limits, isFerryPeer, multiplier)} (a ferry peer: one that sent a
 * capabilities record; the multiplier: storage credit's weight, when a per-peer cap is set and
 * {@code Pinning.Reciprocity.ServeFirst} is on) and calls {@code host.setBandwidthPolicy(budgets)}; when a peer's credit
 * crosses a weight step it calls {@code host.refreshBandwidthPolicy(peer)}; {@code host.bandwidth()} gives the meters ({@code ferry stats bw}).
 * Replacing the budgets (a config reload) is another {@code setBandwidthPolicy}, applied to open connections at once.
 */
package dev.ferry.policy.bandwidth;
