/**
 * Bandwidth budgets and meters for the net layer.
 *
 * <h2>Model</h2>
 * <ul>
 *   <li>{@link dev.ferry.net.bandwidth.RateLimiter}: what the net layer calls for every read and write on a
 *       connection's raw byte stream, {@code acquire(direction, bytes)}, blocking the calling virtual thread until the
 *       bytes fit. Unlimited is a no-op fast path. Writes acquire before sending; reads after receiving (the size is
 *       known only then), so a throttled reader stops reading and TCP flow control slows the sender.
 *   <li>{@link dev.ferry.net.bandwidth.TokenBucket}: rate (bytes/s) and burst (bytes); FIFO reservations on an
 *       absolute schedule (no lock held while waiting); requests split into chunks of at most 16 KiB (and at most the
 *       burst) so concurrent callers interleave. Over any interval {@code t}, at most {@code rate * t + burst}
 *       bytes pass. Injected nanosecond clock and sleeper.
 *   <li>Composition: {@link dev.ferry.net.bandwidth.RateLimiter#perDirection} (a budget each way) and
 *       {@link dev.ferry.net.bandwidth.RateLimiter#allOf} (e.g. the peer's own bucket, then its class's shared one).
 *   <li>{@link dev.ferry.net.bandwidth.BandwidthPolicy}: {@code (peer, protocols) -> RateLimiter}, implemented above
 *       net (see {@code dev.ferry.policy.bandwidth}). The host asks it when a connection's peer is known, again when
 *       identify replaces the peer's protocols, and for every connection when the policy is replaced.
 * </ul>
 *
 * <h2>Metering</h2>
 * {@link dev.ferry.net.bandwidth.MeteredStream} wraps a connection's raw stream, below Noise, so the counted bytes
 * are those on the wire (handshake, framing, encryption tags, window updates included). Each byte is added to the
 * connection's, the peer's and the host's {@link dev.ferry.net.bandwidth.BandwidthMeter} (striped
 * {@code LongAdder}s; no lock or clock on the hot path). Rates are the change of the totals over the last 2 s,
 * from samples the host takes every 500 ms; {@link dev.ferry.net.bandwidth.BandwidthMeter#snapshot()} gives totals
 * and rates each way ({@link dev.ferry.net.bandwidth.BandwidthSnapshot}).
 * {@link dev.ferry.net.bandwidth.BandwidthCounter} holds the host's meters: a peer's entry lives while it has a
 * connection.
 *
 * <h2>Failure behaviour</h2>
 * An interrupted wait throws {@link java.io.InterruptedIOException} (the reserved budget stays spent). Closing or
 * resetting a connection does not wake a thread waiting for budget: the wait is bounded by the queued bytes over the
 * rate, after which the I/O fails on the closed stream.
 */
package dev.ferry.net.bandwidth;
