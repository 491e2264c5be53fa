/**
 * The libp2p Kademlia DHT ({@code /ipfs/kad/1.0.0}, or {@code /ipfs/lan/kad/1.0.0}): finding the peers nearest to a
 * key and the providers of content, and announcing this node as a provider.
 *
 * <h2>Wire</h2>
 * One stream per request: a varint length and a {@code Message} protobuf each way (type, key, closer peers,
 * provider peers; a record for values). The key of FIND_NODE is a binary peer ID, the key of GET_PROVIDERS and
 * ADD_PROVIDER a content multihash (not a CID). The keyspace point of a key is the SHA-256 of its bytes; distance is
 * XOR ({@link dev.ferry.routing.dht.KadId}). ADD_PROVIDER gets no answer (as go-libp2p-kad-dht).
 *
 * <h2>Limits</h2>
 * Frames of 1 MiB, 64 peers per list, 32 addresses per peer, keys and IDs of 256 bytes, addresses of 512, all checked
 * before use ({@link dev.ferry.routing.dht.wire.DhtCodec}); a malformed frame resets the stream. A provider record
 * counts only from the peer it names, holds 48 hours, and the store keeps 100,000 keys of 20 providers at most. The
 * routing table holds k peers per bucket. A request that does not answer within its timeout is reset, and its peer
 * leaves the routing table.
 *
 * <h2>Values</h2>
 * Value records are kept and fetched only for namespaces with a {@link dev.ferry.routing.dht.RecordValidator} (the
 * node gives one for {@code /ipns/}); a PUT_VALUE is echoed when its record is valid and not older than the one kept,
 * and reset otherwise; GET_VALUE answers with the kept record while it is valid, and closer peers. Records are kept 36
 * hours after they arrive, 10,000 keys or 16 MiB at most ({@link dev.ferry.routing.dht.ValueStore}). A lookup for a
 * value validates every record it hears, picks the best with the validator, and sends it to peers that had an older
 * one.
 */
package dev.ferry.routing.dht;
