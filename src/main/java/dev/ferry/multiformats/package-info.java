/**
 * Multiformats: self-describing values shared by IPFS and libp2p. JDK only, but for the BouncyCastle digests of
 * {@link dev.ferry.multiformats.HashFunction} (blake2b, blake2s, blake3, keccak, shake); nothing here does I/O beyond
 * the stream helpers of {@link dev.ferry.multiformats.Varint}.
 *
 * <h2>Wire formats</h2>
 * <ul>
 *   <li>unsigned-varint: LEB128, 7 bits per byte low first, values 0..2^63-1, at most 9 bytes, minimal only.</li>
 *   <li>multihash: {@code varint(fn code) varint(len) digest}; digest at most 128 bytes.</li>
 *   <li>multibase: one prefix code point ({@code z b B k f F m u M U}, ...; base256emoji's U+1F680 is a surrogate
 *       pair) then the text; decoders accept only the canonical text (no stray padding, zero trailing bits, one
 *       letter case, only table emoji).</li>
 *   <li>CID v0: a sha2-256/32 multihash (34 bytes, text bare base58btc "Qm…", 46 chars, always dag-pb).
 *       CID v1: {@code varint(1) varint(codec) multihash}, text multibase (base32 lower by default). Multibase text
 *       whose bytes start with 0x12 is rejected (there is no "CIDv18").</li>
 *   <li>multiaddr: text {@code (/name[/value])+}, binary {@code (varint code, value)+}; values are fixed size,
 *       absent, or {@code varint(len) bytes} with len at most 1024. {@code /p2p} values are multihashes, printed
 *       in base58btc and also read from a CIDv1 with codec libp2p-key; {@code /ipfs} is read as {@code /p2p}.
 *       Text is normalised when printed (trailing '/' dropped, RFC 5952 ip6, lower-case onion, base64url
 *       certhash); binary is canonical.</li>
 * </ul>
 *
 * <h2>Failure behaviour</h2>
 * Every decoder is strict and throws only {@link dev.ferry.multiformats.MultiformatException} (an
 * IllegalArgumentException) on malformed input. Every declared length is checked against its cap before anything
 * is allocated; base58/base36 text (quadratic to convert) is limited to 8192 characters. Decoders reading from a
 * ByteBuffer leave its position unchanged when they fail. All values are immutable and thread-safe; Multihash and
 * Cid cache their encoding and hash code, so they are cheap map keys.
 */
package dev.ferry.multiformats;
