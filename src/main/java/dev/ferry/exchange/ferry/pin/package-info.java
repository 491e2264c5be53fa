/**
 * ferry's pin-request protocol, {@code /ferry/pin/1.0.0}: a ferry node asks a connected ferry peer to keep (pin) a
 * DAG for it, to drop it again, or how far a pin is. This package is only the protocol; what a node agrees to keep,
 * and how it fetches, is decided by the {@link dev.ferry.exchange.ferry.pin.PinHandler} the node layer hands in.
 *
 * <h2>Participants and flow</h2>
 * One request per stream. The asker opens a stream, writes ONE framed {@code PinRequest}, closes its write side and
 * reads ONE framed {@code PinReply}; then both close. The server
 * ({@link dev.ferry.exchange.ferry.pin.PinService}) answers each stream on its own virtual thread, in this order:
 * <ol>
 *   <li>rate: a token bucket per peer ({@code requestBurst}, then one per {@code requestInterval}), one token per
 *       stream, else BUSY (the request is not read);</li>
 *   <li>the request frame within {@code idleTimeout}, decoded strictly, else BAD_REQUEST with the decoder's message
 *       (a stream that ends before any byte, or stays silent, is reset);</li>
 *   <li>the peer's key must have a did:key form (Ed25519, secp256k1: the key its connection's Noise handshake
 *       proved), else REFUSED "no did:key";</li>
 *   <li>one of {@code maxConcurrent} answer slots (all peers together), else BUSY;</li>
 *   <li>the handler's reply. It must answer promptly: a PIN that needs a fetch answers PINNING and works in the
 *       background, the asker polls with STATUS. A handler that throws is answered FAILED with a generic
 *       message.</li>
 * </ol>
 * The whole answer must finish within {@code idleTimeout} of the stream's opening, else the stream is reset. This
 * flow is the one {@link dev.ferry.exchange.ferry.oneshot} runs for every one-request-per-stream protocol; this
 * package gives it the pin frames, answers and messages.
 *
 * <h2>Wire format</h2>
 * <pre>
 * frame    = uvarint(len) ‖ protobuf        PinRequest len ≤ 1024, PinReply len ≤ 2048
 * PinRequest { uint32 op = 1;       1 PIN, 2 UNPIN, 3 STATUS
 *              bytes root = 2; }    binary CID, ≤ 256 bytes, must parse
 * PinReply   { uint32 state = 1;    1 PINNED, 2 PINNING (accepted, still fetching), 3 NOT_PINNED, 4 REFUSED,
 *                                   5 FAILED, 6 BAD_REQUEST, 7 BUSY
 *              string message = 2;  ≤ 512 UTF-16 chars (up to 1536 UTF-8 bytes, hence the larger reply cap)
 *              uint64 bytes = 3; }  bytes of the DAG held so far, ≤ 2^63-1; 0 when unknown
 * </pre>
 * Op and state codes are frozen; 0 and unknown codes are malformed, as are unknown fields. Field order and repeated
 * scalar fields are read as protobuf reads them (the last value wins): encodings need not be canonical.
 *
 * <h2>Limits and failure behaviour</h2>
 * <ul>
 *   <li>Every length is checked before allocation; decoders throw only
 *       {@link dev.ferry.exchange.ferry.pin.wire.PinFormatException}.</li>
 *   <li>Server: a malformed request is answered BAD_REQUEST; an asker that sends nothing within {@code idleTimeout}
 *       is reset; a peer starting more streams than its bucket allows, or arriving when all answer slots are taken,
 *       is answered BUSY without the handler being called. A silent stream holds no answer slot, so a peer
 *       stalling streams cannot starve others (the host's stream limits bound how many it may hold).</li>
 *   <li>Client ({@link dev.ferry.exchange.ferry.pin.PinService#ask}): every reply state is returned as a reply; a
 *       peer that does not speak the protocol gives {@link dev.ferry.exchange.ferry.pin.PinProtocolException}, a
 *       malformed reply {@code PinFormatException}, no reply within the timeout {@link java.net.SocketTimeoutException},
 *       a stream closed without a reply {@link java.io.EOFException}. The stream is closed or reset on every path.</li>
 * </ul>
 *
 * <h2>Wiring (in the node)</h2>
 * <pre>{@code
 * PinService pins = PinService.start(host, (from, did, req) -> policy.decide(did, req), PinConfig.defaults());
 * PinReply r = pins.ask(friend, PinRequest.pin(root), Duration.ofSeconds(10));
 * // on shutdown pins.close() before host.close()
 * }</pre>
 */
package dev.ferry.exchange.ferry.pin;
