/**
 * libp2p ping {@code /ipfs/ping/1.0.0} (libp2p/specs ping/ping.md): the dialer writes 32 random bytes, the listener
 * echoes them, repeated until the dialer closes its write side. The listener serves at most 2 concurrent ping streams
 * per peer (more are reset) and ends a stream on a short read; the dialer keeps at most one ping stream per peer
 * (concurrent {@code ping} calls to one peer take turns) and fails on an echo that differs. Round trips are recorded
 * in the peer store as latency.
 */
package dev.ferry.net.ping;
