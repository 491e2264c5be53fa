/**
 * Bitswap wire format (ipfs/specs {@code src/bitswap-protocol.md}; SPECS.md §16).
 *
 * <p>Protocol ids {@code /ipfs/bitswap/1.2.0}, {@code 1.1.0}, {@code 1.0.0} and legacy {@code /ipfs/bitswap}. A stream
 * carries a sequence of messages, each {@code uvarint(length) ‖ protobuf Message}, at most 4 MiB
 * ({@link dev.ferry.exchange.bitswap.wire.BitswapCodec#MAX_MESSAGE_SIZE}); blocks up to 2 MiB must be accepted.
 *
 * <pre>
 * Message { Wantlist wantlist = 1; repeated bytes blocks = 2 (1.0); repeated Block payload = 3 (1.1+);
 *           repeated BlockPresence blockPresences = 4 (1.2); int32 pendingBytes = 5; }
 * Wantlist { repeated Entry entries = 1; bool full = 2; }
 * Entry { bytes block = 1 (binary CID); int32 priority = 2; bool cancel = 3; WantType wantType = 4 (Block 0, Have 1);
 *         bool sendDontHave = 5; }
 * Block { bytes prefix = 1; bytes data = 2; }   prefix = varint version, codec, mh code, mh length
 * BlockPresence { bytes cid = 1; Type type = 2 (Have 0, DontHave 1); }
 * </pre>
 *
 * <p>Decoding is strict: the length prefix is checked against the cap before the body is allocated, every CID and
 * prefix must parse, enum values must be known, blocks are at most 2 MiB; anything else is a
 * {@link dev.ferry.exchange.bitswap.wire.BitswapWireException} (the caller resets that stream). Blocks are NOT
 * verified here: {@link dev.ferry.exchange.bitswap.wire.Payload#cid()} rebuilds the CID by hashing, and the client
 * only keeps blocks whose rebuilt CID it asked for. Generated protobuf classes stay in this package.
 */
package dev.ferry.exchange.bitswap.wire;
