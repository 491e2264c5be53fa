/**
 * Libp2p stream mounting (Kubo's {@code ipfs p2p}): TCP connections tunnelled over libp2p streams.
 *
 * <p>A {@link dev.ferry.node.p2p.ProtocolListener} ({@code p2p listen}) serves a libp2p protocol by piping each inbound
 * stream into a new TCP connection to a local target; a {@link dev.ferry.node.p2p.PortForwarder} ({@code p2p forward})
 * listens on a local TCP port and pipes each accepted connection into a new stream to a peer. Each piped pair is a
 * {@link dev.ferry.node.p2p.Tunnel} with a handler ID, as Kubo lists them in {@code p2p stream ls}.
 * {@link dev.ferry.node.p2p.StreamMounting} keeps them all and closes every one with its mount or with the node.
 */
package dev.ferry.node.p2p;
