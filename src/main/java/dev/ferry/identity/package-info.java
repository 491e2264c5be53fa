/**
 * Node identities in libp2p's wire forms: keys, peer IDs and {@code did:key}.
 *
 * <h2>Keys (libp2p peer-ids spec)</h2>
 * {@code message PublicKey/PrivateKey { required KeyType Type = 1; required bytes Data = 2; }} with
 * {@link dev.ferry.identity.KeyType} RSA=0, Ed25519=1, Secp256k1=2, ECDSA=3. The codec is strict so that a key has
 * exactly one encoding (its peer ID depends on the bytes): tag {@code 08}, the type as one byte, tag {@code 12}, a
 * minimal varint length, the data, nothing after. Lengths are checked against caps before anything is copied (whole
 * message ≤ 8 KiB + 16; RSA data ≤ 8 KiB).
 * <ul>
 *   <li>Ed25519: public Data = 32 raw bytes; private Data = seed ‖ public (64 bytes; the legacy 96-byte form
 *       seed ‖ public ‖ public is accepted when both copies agree). The public half must match the seed.
 *       Sign and verify.</li>
 *   <li>Secp256k1: public Data = 33-byte compressed point; private Data = the 32-byte scalar. SHA-256 of the message,
 *       DER signature (low-S when signing). Sign and verify (BouncyCastle's low-level ECDSA).</li>
 *   <li>RSA: public Data = DER PKIX (2048 to 8192-bit modulus); private Data = PKCS#1 RSAPrivateKey DER (loaded for
 *       old identities, e.g. Kubo's). PKCS#1 v1.5 with SHA-256. Sign and verify.</li>
 *   <li>ECDSA: public Data = DER PKIX on P-256, P-384 or P-521; private Data = SEC1 ECPrivateKey DER with the named
 *       curve. SHA-256, DER signature. Sign and verify.</li>
 * </ul>
 *
 * <h2>Peer IDs</h2>
 * The multihash of the serialized public key: identity when it is at most 42 bytes (Ed25519, secp256k1 keys:
 * {@code 12D3KooW…}, {@code 16Uiu2…}), sha2-256 otherwise ({@code Qm…}). Text forms: bare base58btc, or a CIDv1 with
 * codec libp2p-key (0x72) in any multibase ({@code bafz…}, {@code k51…}). Identity-hashed IDs must contain a valid key.
 *
 * <h2>did:key</h2>
 * {@code did:key:z} + base58btc({@code varint(multicodec) ‖ raw public key}) for Ed25519 (0xed, {@code z6Mk…}) and
 * secp256k1 (0xe7, compressed, {@code zQ3s…}).
 *
 * <p>Failure behaviour: every decoder and parser here throws only {@link dev.ferry.identity.KeyFormatException}
 * (unchecked) on malformed input; signature verification answers {@code false} and never throws.
 */
package dev.ferry.identity;
