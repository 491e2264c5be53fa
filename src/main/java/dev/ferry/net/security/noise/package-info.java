/**
 * libp2p Noise: {@code /noise}, {@code Noise_XX_25519_ChaChaPoly_SHA256}, empty prologue
 * (libp2p/specs noise/README.md r2 + r5 extensions; noiseprotocol/noise_spec).
 *
 * <h2>Handshake</h2>
 * XX: {@code -> e}, {@code <- e, ee, s, es}, {@code -> s, se}. Every handshake message travels in a frame of a
 * 2-byte big-endian length and the Noise message. Message 1 carries an empty payload; message 2 (responder) and
 * message 3 (initiator) carry a bare protobuf {@code NoiseHandshakePayload}: {@code identity_key} (libp2p
 * PublicKey), {@code identity_sig} = Sign(identity key, {@code "noise-libp2p-static-key:" ‖ static X25519 pub}),
 * optional {@code extensions.stream_muxers}: the muxers of
 * {@link dev.ferry.net.security.noise.NoiseConfig#streamMuxers()} (none by default; the host lists its own), for
 * early muxer negotiation (libp2p/specs connections/inlined-muxer-negotiation.md, the rule in {@code EarlyMuxer});
 * a peer's list is read strictly, unknown fields are skipped. Muxers listed on both sides with none in common, a
 * bad signature, an undecodable key or payload, a PeerId other than the one the dialer expected, a frame below the
 * minimum or above
 * {@link dev.ferry.net.security.noise.NoiseConfig#maxHandshakeMessage()}, EOF, or no completion within
 * {@link dev.ferry.net.security.noise.NoiseConfig#handshakeTimeout()} each abort the handshake with a
 * {@link dev.ferry.net.security.noise.NoiseException} and close the raw stream.
 *
 * <p>The static X25519 key is separate from the identity key and belongs to one {@link
 * dev.ferry.net.security.noise.NoiseSecurity} instance (one per host), never to the process.
 *
 * <h2>Transport</h2>
 * After Split() the initiator sends with the first CipherState. Each frame: 2-byte big-endian length (16..65535)
 * then ChaCha20-Poly1305 ciphertext with empty AD and nonce = 4 zero bytes ‖ 64-bit little-endian counter, so a
 * frame carries at most 65519 plaintext bytes. Writes are buffered up to one frame and sent on {@code flush()}, when
 * the buffer fills, or on close. A bad tag, a short frame, EOF inside a frame or an exhausted nonce counter is fatal
 * and sticky: the raw stream is closed and every later call throws.
 *
 * <h2>Threading</h2>
 * One reader and one writer may use a {@link dev.ferry.net.security.noise.NoiseSession} at the same time; each
 * direction is guarded by its own lock, and each direction has its own cipher instance.
 */
package dev.ferry.net.security.noise;
