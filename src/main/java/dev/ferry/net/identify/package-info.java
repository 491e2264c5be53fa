/**
 * libp2p identify: {@code /ipfs/id/1.0.0} and {@code /ipfs/id/push/1.0.0} (libp2p/specs identify/README.md).
 *
 * <h2>Wire</h2>
 * uvarint length ‖ protobuf {@code Identify} (publicKey 1, listenAddrs 2 (binary multiaddrs), protocols 3,
 * observedAddr 4, protocolVersion 5, agentVersion 6, signedPeerRecord 8). The responder writes its message and closes;
 * the reader reads messages until EOF and merges them (go-libp2p may split a reply in two). At most 64 KiB in total
 * per stream and 64 KiB per message are accepted; anything more, or a malformed message, aborts that exchange (the
 * stream is reset, the connection stays).
 *
 * <h2>Behaviour</h2>
 * On every new connection the dialer and the listener each ask the other ({@link
 * dev.ferry.net.identify.IdentifyService}); the answers go to the peer store: protocols (replaced), listen addresses
 * (added), agent and protocol version, public key (only when it matches the peer id). Our message lists the host's
 * registered handlers, its listen addresses and the address we see the peer at. When handlers change, a push with the
 * new protocol list is sent to every connected peer. Unparseable addresses are skipped.
 */
package dev.ferry.net.identify;
