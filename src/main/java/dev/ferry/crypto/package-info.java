/**
 * Cryptographic primitives for the libp2p stack, on the JDK, BouncyCastle and the system's libcrypto and libsodium
 * only (no other ferry package).
 *
 * <ul>
 *   <li>{@link dev.ferry.crypto.Sha256}: SHA-256 and HMAC-SHA256.</li>
 *   <li>{@link dev.ferry.crypto.Hkdf}: the HKDF of the Noise spec (§4.3): HMAC-SHA256 with the chaining key as salt,
 *       empty info, 2 or 3 outputs of 32 bytes each.</li>
 *   <li>{@link dev.ferry.crypto.X25519}: Diffie-Hellman on raw 32-byte keys (RFC 7748; the public key is the
 *       little-endian u-coordinate, its top bit masked on input). An all-zero shared secret (low-order peer key)
 *       is rejected with {@link dev.ferry.crypto.CryptoException}.</li>
 *   <li>{@link dev.ferry.crypto.Ed25519}: RFC 8032 signatures with a raw 32-byte seed and 32-byte public key.</li>
 *   <li>{@link dev.ferry.crypto.AeadCipher}: ChaCha20-Poly1305 (RFC 8439) with a 16-byte tag. Two backends behind
 *       {@link dev.ferry.crypto.ChaCha20Poly1305}: the system's OpenSSL libcrypto through the FFM API (fast path) and
 *       the JDK's {@code ChaCha20-Poly1305} cipher. Noise nonces are 4 zero bytes followed by a 64-bit little-endian
 *       counter. A wrong tag throws {@link dev.ferry.crypto.AeadException} and no plaintext is written.</li>
 *   <li>{@link dev.ferry.crypto.XSalsa20}: the XSalsa20 keystream as a running XOR, for libp2p private networks
 *       (PSK v1): the system's libsodium through the FFM API when it loads, ferry's own Java otherwise.
 *       {@link dev.ferry.crypto.Salsa20} and {@link dev.ferry.crypto.Shake128} (BouncyCastle) make the swarm key's
 *       fingerprint.</li>
 * </ul>
 *
 * <p>Failure behaviour: wrong key/nonce/signature lengths throw {@link java.lang.IllegalArgumentException};
 * cryptographic failures throw the unchecked {@link dev.ferry.crypto.CryptoException} (or its subclass
 * {@link dev.ferry.crypto.AeadException}); signature verification never throws on a bad signature or key, it
 * answers {@code false}. Cipher instances are not thread-safe: one per direction of a connection.
 */
package dev.ferry.crypto;
