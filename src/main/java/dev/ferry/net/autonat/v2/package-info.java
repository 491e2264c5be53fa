/**
 * AutoNAT v2 (libp2p/specs autonat/autonat-v2.md): whether each of this node's addresses can be dialled from outside,
 * and the same check served to others.
 *
 * <h2>Wire</h2>
 * The client opens {@code /libp2p/autonat/2/dial-request} and sends a DialRequest (its addresses, highest priority
 * first, and a random nonce). The server picks the first address it will dial; if that address's IP is not the one
 * the request came from, it first asks for 30 to 100 kB of dial data (so that it cannot be used to flood a third
 * party for free). It dials that one address on a fresh connection, opens {@code /libp2p/autonat/2/dial-back} there and
 * sends the nonce; the client answers DialBackResponse. Then the server answers the request with the index it dialled
 * and how the dial went. Frames are uvarint length ‖ protobuf, at most 8 KiB (1 KiB on the dial-back stream).
 *
 * <h2>Server</h2>
 * {@link dev.ferry.net.autonat.v2.AutonatV2Server}: go-libp2p's limits (60 requests a minute, 12 per peer, 12 needing
 * dial data, 2 at once per peer), public IPs only (unless configured for a closed network), none of its own, none
 * filtered, TCP and WebSockets when the host has them.
 *
 * <h2>Client</h2>
 * {@link dev.ferry.net.autonat.v2.AutonatV2Client}: believes a dial-back only when it brings the nonce, pays dial data
 * up to 100 kB, and keeps a verdict per address ({@link dev.ferry.net.autonat.v2.AddressVerdict}).
 */
package dev.ferry.net.autonat.v2;
