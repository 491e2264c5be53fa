/**
 * CAR (Content Addressable aRchive) files, v1 and v2. Specs: ipld/ipld {@code specs/transport/car/carv1/index.md} and
 * {@code carv2/index.md}.
 *
 * <h2>CARv1</h2>
 * <pre>
 * varint(len) dag-cbor {"roots": [CID, …], "version": 1}      keys sorted length first: roots, version
 * then sections until end of stream:
 * varint(len(CID) + len(data)) CID-bytes data                 CID: "12 20…" = v0, else version/codec varints + multihash
 * </pre>
 * <h2>CARv2</h2>
 * <pre>
 * 0a a1 67 76 65 72 73 69 6f 6e 02                            pragma: varint(10) {"version": 2}
 * 16 bytes characteristics, data offset, data size, index offset (uint64 little-endian)
 * … the inner CARv1 at data offset, exactly data size bytes, then an optional index (ignored when reading)
 * </pre>
 *
 * <h2>Reading: limits and failures</h2>
 * Header at most 1 MiB; exactly the keys roots (array of CIDs, possibly empty) and version (1); a v1 header saying
 * version 2 without being the exact pragma is refused. Sections at most 2 MiB + 256 bytes, a block at most 2 MiB; a
 * zero-length section is refused. Every block is hashed against its CID before it is handed out (a mismatch or an
 * unsupported hash function is a {@link dev.ferry.dag.car.CarException} naming the CID). Truncation anywhere (header,
 * a varint, a section, a CARv2 payload shorter than declared) is a CarException starting "truncated CAR:". Every
 * length is checked against its cap before anything is allocated. Malformed input raises only CarException
 * (IOException only for failures of the stream itself).
 *
 * <h2>Writing</h2>
 * {@link dev.ferry.dag.car.CarWriter} writes CARv1 and never writes identity-CID blocks;
 * {@link dev.ferry.dag.car.CarExporter} writes a DAG depth first without duplicates (as {@code ipfs dag export});
 * {@link dev.ferry.dag.car.CarImporter} verifies, stores, then syncs (as {@code ipfs dag import}, minus pinning).
 */
package dev.ferry.dag.car;
