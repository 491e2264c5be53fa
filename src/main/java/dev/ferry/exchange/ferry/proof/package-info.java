/**
 * ferry's storage-proof protocol, {@code /ferry/proof/1.0.0}: a ferry node that asked a peer to keep a DAG (over
 * {@code /ferry/pin/1.0.0}) challenges it to show that it still holds some of the DAG's blocks. This package is only
 * the protocol; what a node answers, and for whom, is decided by the {@link dev.ferry.exchange.ferry.proof.ProofHandler}
 * the policy layer hands in.
 *
 * <h2>Participants and flow</h2>
 * One challenge per stream. The challenger opens a stream, writes ONE framed {@code ProofChallenge} (the root, a fresh
 * 32-byte random nonce, 1 to 16 CIDs of blocks of the DAG), closes its write side and reads ONE framed
 * {@code ProofAnswer}; then both close. For each challenged block, in order, the holder answers
 * {@code SHA-256(nonce ‖ block bytes)} or "missing". The nonce is new each time, so an answer cannot be computed ahead
 * or replayed: only someone with the block's bytes at answer time can give it. The challenger computes the same
 * digests from its own copy and compares.
 *
 * <p>The server ({@link dev.ferry.exchange.ferry.proof.ProofService}) answers each stream on its own virtual thread,
 * in this order:
 * <ol>
 *   <li>rate: a token bucket per peer ({@code requestBurst}, then one per {@code requestInterval}), one token per
 *       stream, else BUSY (the challenge is not read);</li>
 *   <li>the challenge frame within {@code idleTimeout}, decoded strictly, else BAD_REQUEST with the decoder's message
 *       (a stream that ends before any byte, or stays silent, is reset);</li>
 *   <li>the peer's key must have a did:key form (Ed25519, secp256k1: the key its connection's Noise handshake
 *       proved), else REFUSED "no did:key";</li>
 *   <li>one of {@code maxConcurrent} answer slots (all peers together), else BUSY;</li>
 *   <li>the handler's answer (reading only blocks the node holds: a challenge never makes it fetch). A handler that
 *       throws, or answers a proof with another block count, is answered REFUSED with a generic message.</li>
 * </ol>
 * The whole answer must finish within {@code idleTimeout} of the stream's opening, else the stream is reset. This
 * flow is the one {@link dev.ferry.exchange.ferry.oneshot} runs for every one-request-per-stream protocol; this
 * package gives it the proof frames, answers, messages and the block-count check.
 *
 * <h2>Wire format</h2>
 * <pre>
 * frame          = uvarint(len) ‖ protobuf   ProofChallenge len ≤ 8192, ProofAnswer len ≤ 4096
 * ProofChallenge { bytes root = 1;             binary CID, ≤ 256 bytes, must parse
 *                  bytes nonce = 2;            exactly 32 bytes
 *                  repeated bytes blocks = 3; } 1..16 binary CIDs, each ≤ 256 bytes, must parse (repeats allowed)
 * ProofAnswer    { uint32 state = 1;           1 PROOF, 2 NOT_HELD, 3 REFUSED, 4 BAD_REQUEST, 5 BUSY
 *                  string message = 2;         ≤ 512 UTF-16 chars
 *                  repeated bytes digests = 3; } PROOF: exactly one per challenged block, in order, each 32 bytes
 *                                                SHA-256(nonce ‖ block) or empty for "missing"; other states: none
 * </pre>
 * State codes are frozen; 0 and unknown codes are malformed, as are unknown fields. Field order and repeated scalar
 * fields are read as protobuf reads them (the last value wins): encodings need not be canonical.
 *
 * <h2>Limits and failure behaviour</h2>
 * <ul>
 *   <li>Every length is checked before allocation; decoders throw only
 *       {@link dev.ferry.exchange.ferry.proof.wire.ProofFormatException}.</li>
 *   <li>Server: a malformed challenge is answered BAD_REQUEST; a challenger that sends nothing within
 *       {@code idleTimeout} is reset; a peer starting more streams than its bucket allows, or arriving when all
 *       answer slots are taken, is answered BUSY without the handler being called. A silent stream holds no answer
 *       slot.</li>
 *   <li>Client ({@link dev.ferry.exchange.ferry.proof.ProofService#challenge}): every answer state is returned as an
 *       answer; a peer that does not speak the protocol gives
 *       {@link dev.ferry.exchange.ferry.proof.ProofProtocolException}, a malformed answer (or a proof of another
 *       block count than challenged) {@code ProofFormatException}, no answer within the timeout
 *       {@link java.net.SocketTimeoutException}, a stream closed without an answer {@link java.io.EOFException}. The
 *       stream is closed or reset on every path.</li>
 * </ul>
 *
 * <h2>Wiring (in the node)</h2>
 * <pre>{@code
 * ProofService proofs = ProofService.start(host, responder, ProofConfig.defaults());
 * ProofAnswer a = proofs.challenge(holder, new ProofChallenge(root, nonce, sampled), Duration.ofSeconds(5));
 * // on shutdown proofs.close() before host.close()
 * }</pre>
 */
package dev.ferry.exchange.ferry.proof;
