/**
 * ferry's request protocol, {@code /ferry/request/1.0.0}: a peer asks another for a DAG by CID, says which sources
 * the asked peer may use on its behalf (its own store, the IPFS network, its gateway) and how many more hops the
 * request may travel (ttl); the answer streams verified blocks or says why not.
 *
 * <h2>Participants and flow</h2>
 * The requester opens a stream, writes ONE framed {@code Request}, closes its write side and reads the answer: a
 * {@code Header}; if its status is OK, block frames in a fixed order, then an {@code End}; then end of stream.
 * The server ({@link dev.ferry.exchange.ferry.request.FerryRequestService}) answers each stream on its own virtual
 * thread, in this order of checks:
 * <ol>
 *   <li>admission: per-peer token bucket ({@code requestBurst}, one per {@code requestInterval}), at most
 *       {@code maxPerPeer} answers per peer (times the peer's weight, 1-4, when the service is given
 *       {@link dev.ferry.exchange.bitswap.server.PeerWeights}) and {@code maxConcurrent} in total, else BUSY;</li>
 *   <li>the request frame within {@code idleTimeout}, decoded strictly, else BAD_REQUEST;</li>
 *   <li>{@code requester} must be the did:key of the key the connection's Noise handshake proved, else NOT_ALLOWED
 *       (a peer without a did:key cannot use the protocol); {@code ttl ≤ maxTtl} and at least one source, else
 *       BAD_REQUEST; the serve policy must allow the root for that DID, else NOT_ALLOWED;</li>
 *   <li>the root is served from the local store when {@code PEER} is a source and the root is there. Otherwise each
 *       of IPFS / GATEWAY, in the requester's order, that the node offers ({@code ProxyUpstream.offers}) is tried as a
 *       proxy fetch into the local store, with {@code ttl - 1} handed on; a proxy fetch needs {@code ttl > 0} (else
 *       TTL_EXHAUSTED: ttl 0 is never forwarded, so proxy chains end) and requester trust ≥ {@code proxyTrust} (else
 *       NOT_ALLOWED). Nothing available: NOT_FOUND. The header is sent once the root is here; while a proxy fetch
 *       runs (before the header or for a block missing mid-answer) the server sends a {@code Wait} frame every
 *       min(idleTimeout/3, 5 s), which restarts the requester's idle timer (at most 720 in a row are accepted).</li>
 * </ol>
 * The refusal reason of the first denied proxy source wins over NOT_FOUND.
 *
 * <h2>Block order</h2>
 * Depth-first pre-order from the root, a block's links in the order they appear in its bytes (as the IPLD codec
 * defines them: dag-pb, dag-cbor tag 42, dag-json {@code {"/": …}}; read by the {@code DagLinks} the node hands in,
 * normally {@code dev.ferry.dag.walk.Links}), each CID (compared by its full bytes) sent once; identity CIDs are never
 * sent (they carry their block) but are walked; raw blocks, blocks of other codecs and blocks whose bytes do not
 * decode are leaves. (A node started without a reader follows dag-pb links only: a dag-cbor DAG then ends at its
 * root, or fails against a peer that reads more.) Both sides compute this order, so the
 * client knows the single CID each block frame must carry: the frame's prefix must be that CID's prefix and its data
 * must hash to it, else the client aborts (reset) keeping only the verified blocks before it. A block outside the DAG,
 * a duplicate, a wrong hash, or anything after the last block cannot be stored. While streaming, a block missing
 * locally is fetched through the permitted proxy sources, and the serve policy is checked for every block (a block
 * of a private DAG inside a public one stops the answer with NOT_ALLOWED).
 *
 * <h2>Wire format</h2>
 * <pre>
 * frame   = uvarint(len) ‖ protobuf        request len ≤ 1 KiB, answer frames len ≤ 2 MiB + 64
 * Request { bytes root = 1;                binary CID, ≤ 256 bytes, must parse
 *           string requester = 2;          did:key, ≤ 128 chars
 *           repeated uint32 sources = 3;   1 peer, 2 ipfs, 3 gateway; ≤ 3, no repeats, no unknown codes
 *           uint32 ttl = 4; }
 * Frame   { oneof { Header header = 1; Block block = 2; End end = 3; Wait wait = 4; } }   exactly one set
 * Wait    { }                                             anywhere before the End: still working
 * Header  { uint32 status = 1;  string message = 2; }     0 = OK, else a RefusalReason code; message ≤ 512 chars
 * Block   { bytes prefix = 1;   bytes data = 2; }         prefix: uvarint version, codec, multihash code, digest
 *                                                         length (≤ 36 bytes, minimal varints); data ≤ 2 MiB
 * End     { uint32 status = 1;  uint64 blocks = 2;  string message = 3; }
 *           status 0: the whole DAG was sent; NOT_FOUND: a block is missing; NOT_ALLOWED: a block is private;
 *           BUSY: the answer reached {@code maxAnswerBlocks} / {@code maxAnswerBytes}. blocks = block frames sent.
 * </pre>
 * RefusalReason codes (frozen): 1 NOT_FOUND, 2 NOT_ALLOWED, 3 TTL_EXHAUSTED, 4 BUSY, 5 BAD_REQUEST. A refusal header
 * is followed by end of stream. Unknown fields are refused everywhere.
 *
 * <h2>Limits and failure behaviour</h2>
 * <ul>
 *   <li>Every length is checked before allocation; decoders throw only
 *       {@link dev.ferry.exchange.ferry.request.wire.RequestFormatException}.</li>
 *   <li>Server: a malformed request is answered BAD_REQUEST; an idle requester (no request frame, or not reading the
 *       answer) is reset after {@code idleTimeout} (a running proxy fetch does not count as idle); refusals are counted by reason ({@code stats()}) and logged.
 *       Nothing one peer does holds more than {@code maxPerPeer} answer slots, so others keep being served.</li>
 *   <li>Client: {@link dev.ferry.exchange.ferry.request.FerryRequestException} with the server's reason for a refusal
 *       or an early end (the verified blocks received stay in the store), with a null reason for a broken transfer:
 *       a malformed frame, a block out of order or not matching its CID, more than our answer caps, a missing end
 *       frame, or no frame within {@code idle} (the stream is reset).</li>
 * </ul>
 *
 * <h2>Wiring (in the node)</h2>
 * <pre>{@code
 * PrivateContent priv = PrivateContent.open(repo.path().resolve("private-content"));
 * DagLinks links = (cid, data) -> Links.supports(cid.codec()) ? Links.of(cid, data) : List.of(); // dag.walk.Links
 * FerryRequestService req = FerryRequestService.start(host, repo.blocks(), trust,
 *         new PrivateServePolicy(priv, trust, privateTrust), upstream, RequestConfig.defaults(), links,
 *         InstantSource.system());
 * // Node's FerryRequester is req; on shutdown req.close() before host.close()
 * }</pre>
 */
package dev.ferry.exchange.ferry.request;
