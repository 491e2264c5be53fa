/**
 * ferry's capabilities exchange, {@code /ferry/capabilities/1.0.0}: each node tells the peers it connects to, in a
 * record signed by its did:key, whether it runs an IPFS node (and which kind, its public gateway, its swarm
 * addresses), what content it is willing to serve (a Bloom filter over multihashes) and its bandwidth offer. Plus the
 * trust-level interface ({@link dev.ferry.exchange.ferry.TrustLevels}) the node layer implements.
 *
 * <h2>Participants and flow</h2>
 * Both sides of every new connection open a stream of this protocol and write ONE framed {@code SignedCapabilities}
 * message, close their write side, and wait for the other side to close. The receiver reads exactly one frame, then
 * end of stream, verifies, stores, and closes. When its record changes (new content, new limits) a node opens a new
 * stream to each connected peer and sends the new record the same way (a push). A peer that does not speak the
 * protocol fails negotiation and is simply absent from the table; a peer's record leaves the table when its last
 * connection closes. Ordering between streams does not matter: the sequence number decides.
 *
 * <h2>Wire format</h2>
 * <pre>
 * frame   = uvarint(len) ‖ SignedCapabilities      (len ≤ ceil(maxFilterBits/8) + 64 KiB)
 * SignedCapabilities { bytes record = 1; bytes signature = 2; }     both required, signature ≤ 1024 bytes
 * Record  { string did = 1;           did:key of the signer (≤ 128 chars, canonical)
 *           uint64 seq = 2;           ≤ 2^63-1; strictly increasing per DID (ferry uses max(prev+1, unix ms))
 *           IpfsNode ipfs = 3;        required
 *           bytes contentIndex = 4;   the Bloom filter below
 *           Bandwidth bandwidth = 5; }  absent = no limit announced
 * IpfsNode { bool enabled = 1; uint32 type = 2 (ferry 1, kubo 2, helia 3, gateway-only 4);
 *            string gatewayUrl = 3 (absolute http/https, ≤ 2048, empty = none);
 *            repeated bytes swarmAddrs = 4 (binary multiaddrs, ≤ 32, ≤ 512 bytes each); }
 * Bandwidth { uint64 uploadBytesPerSecond = 1; uint64 downloadBytesPerSecond = 2; }   0 = no limit
 * </pre>
 * Every message must be the canonical protobuf encoding of its content: fields in ascending field-number order, each
 * at most once, proto3 defaults omitted, minimal varints, no unknown fields. The decoder re-encodes what it parsed and
 * refuses the message unless the bytes are identical, so one record has exactly one encoding.
 *
 * <h2>Signature</h2>
 * The signature is made by the private key of {@code Record.did} over
 * <pre>
 * "ferry-capabilities-record:v1" (28 ASCII bytes) ‖ 0x00 ‖ record bytes (exactly as carried in field 1)
 * </pre>
 * in the key type's libp2p signature form (Ed25519: 64 bytes; secp256k1: DER ECDSA over SHA-256). The prefix keeps a
 * signature made for this protocol from being valid for anything else. A receiver accepts a record only if
 * {@code did} equals the did:key of the public key the connection's Noise handshake proved (the remote peer ID) and
 * the signature verifies with that key: nobody can speak for another node, and third parties cannot replay a record
 * (they cannot open a connection as its signer). Peers whose key has no did:key form (RSA, ECDSA) cannot take part.
 *
 * <h2>Content index: Bloom filter format (frozen; append-only: a new hash function gets a new id)</h2>
 * <pre>
 * filter  = fn ‖ uvarint(m) ‖ uvarint(k) ‖ bits
 * fn      = 0x01: double hashing from SHA-256
 * m       = bit count, 1 ≤ m ≤ 2^26 (64 Mibit) and ≤ the receiver's maxFilterBits
 * k       = hash count, 1 ≤ k ≤ 32
 * bits    = exactly ceil(m/8) bytes; bit j is (bits[j / 8] &gt;&gt; (j mod 8)) &amp; 1 (least significant bit first);
 *           the 8·ceil(m/8) − m padding bits of the last byte are zero
 * </pre>
 * An item is the multihash bytes of a CID (so CIDv0 and CIDv1 of any codec over the same hash agree). With
 * {@code d = SHA-256(item)}, {@code h1} = {@code d[0..8)} and {@code h2} = {@code d[8..16)} read as unsigned 64-bit
 * big-endian integers, the item sets bits {@code g_i = ((h1 + i·h2) mod 2^64) mod m} for {@code i = 0 … k-1} (unsigned
 * arithmetic). Sizing for {@code n} entries at false-positive rate {@code p} (not part of the format: a receiver
 * accepts any m and k within the caps): {@code m* = ceil(-n·ln p / (ln 2)²)}, {@code m} = the smallest prime ≥
 * max(64, m*) (the largest prime ≤ the cap if that is smaller), {@code k = clamp(round(min(m, m*)/n · ln 2), 1, 32)}
 * (k = 1 when n = 0). The prime m keeps double hashing from folding onto few bits (gcd(h2, m) = 1). The index covers the multihashes
 * of the blocks (roots included) the node is willing to serve, minus what its announce policy withholds; identity CIDs
 * are never added (everyone can serve them). {@code BloomFilterTest} freezes this with known answers.
 *
 * <h2>Limits and failure behaviour</h2>
 * <ul>
 *   <li>The frame length is checked before the body is allocated; the filter header (m, k) before its bits are
 *       copied. Decoders throw only {@link dev.ferry.exchange.ferry.wire.CapabilitiesFormatException}.</li>
 *   <li>Per peer, pushes are rate-limited by a token bucket (default 8 at once, then one per second): excess streams
 *       are reset unread. One record per peer is read at a time, at most {@code maxConcurrentDecodes} across all
 *       peers, each within {@code exchangeTimeout}; the indexes held share a memory budget ({@code maxTableBytes}).</li>
 *   <li>Refused ({@link dev.ferry.exchange.ferry.Rejection}, logged with the reason): malformed or non-canonical
 *       messages, oversized messages or filters, a DID other than the connection's, a bad signature, and two
 *       different records with the same sequence number close the peer's connection; an older or equal sequence
 *       number is ignored (a replay); rate-limited and busy streams are reset. Nothing one peer sends affects the
 *       records of other peers.</li>
 * </ul>
 *
 * <h2>Wiring (in the node)</h2>
 * <pre>{@code
 * TrustStore trust = TrustStore.open(repo.path());                 // <repo>/trust.json, reloads on change
 * CapabilitiesConfig cfg = CapabilitiesConfig.defaults()
 *         .withIpfs(IpfsNode.ferry(host.listenAddresses()));       // + .withGateway(URI) when public
 * CapabilitiesService caps = CapabilitiesService.start(host, identity,
 *         ContentIndexBuilder.of(repo.blocks(), cfg).asSupplier(), cfg, trust, InstantSource.system());
 * // after add / pin / gc: caps.contentChanged();   new limits: caps.update(ipfs, bandwidth);
 * // on shutdown: caps.close() before host.close()
 * }</pre>
 */
package dev.ferry.exchange.ferry;
