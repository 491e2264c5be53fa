/**
 * AutoNAT v1, {@code /libp2p/autonat/1.0.0} (libp2p/specs autonat/autonat-v1.md): whether this node can be dialled
 * from outside, and the same check served to others.
 *
 * <h2>Wire</h2>
 * One stream per request: the client writes uvarint length ‖ protobuf {@code Message} of type DIAL (its peer id and
 * addresses), the server answers one DIAL_RESPONSE (status OK with the address it reached, E_DIAL_ERROR,
 * E_DIAL_REFUSED, E_BAD_REQUEST or E_INTERNAL_ERROR, and a text) and closes. Messages above 4 KiB, malformed ones, a
 * type or status the spec does not define, or a response without a status end the exchange (the stream is reset).
 *
 * <h2>Server</h2>
 * {@link dev.ferry.net.autonat.AutonatServer} dials back only at the IP the request's connection comes from, on a
 * separate fresh connection, under a throwaway peer id, that is closed once secured; it refuses private and loopback
 * requesters (unless configured for a closed network), its own IPs, filtered ones, and requests beyond its throttle
 * (30 a minute, 3 per peer, as go-libp2p and Kubo).
 *
 * <h2>Client</h2>
 * {@link dev.ferry.net.autonat.AutonatClient} asks servers among the connected peers and keeps a
 * {@link dev.ferry.net.autonat.ReachabilityStatus} (PUBLIC, PRIVATE or UNKNOWN with a confidence of 0 to 3), with
 * go-libp2p's rules and schedule.
 */
package dev.ferry.net.autonat;
