/**
 * DAG-PB, the protobuf codec under UnixFS (multicodec 0x70). Spec: ipld/ipld {@code specs/codecs/dag-pb/spec.md}.
 *
 * <h2>Wire format</h2>
 * <pre>
 * message PBLink { bytes Hash = 1; string Name = 2; uint64 Tsize = 3; }
 * message PBNode { repeated PBLink Links = 2; bytes Data = 1; }
 * </pre>
 * The zero-length block is valid: no links, absent Data
 * ({@code QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n}).
 *
 * <h2>Encoding (canonical)</h2>
 * All Links first, in the order given, then Data if present; inside a link Hash, then Name if present ("" is written
 * as {@code 12 00}), then Tsize if present. Minimal varints. Links are not re-sorted by the encoder (building code sorts
 * by Name bytes with {@link dev.ferry.dag.pb.PbNode#sortedLinks()}; UnixFS file nodes all carry the empty name).
 *
 * <h2>Decoding (strict, as the spec's "Protobuf Strictness")</h2>
 * <ul>
 *   <li>PBNode: only fields 1 and 2, both wire type 2. Data before Links is accepted (legacy data exists), Links
 *       then Data then Links again is rejected; a second Data is rejected (even an empty one).</li>
 *   <li>PBLink: fields must appear in the order Hash, Name, Tsize; each at most once; Hash and Name wire type 2,
 *       Tsize wire type 0; Hash is required and must be exactly one CID; Name must be valid UTF-8.</li>
 *   <li>Unknown fields, wrong wire types, non-minimal varints, varints above 2^63-1, lengths past the end: rejected.</li>
 *   <li>Decoding never sorts links: their order is the order in the bytes.</li>
 * </ul>
 *
 * <h2>Limits and failures</h2>
 * Blocks above 2 MiB are rejected before parsing (and never produced by the encoder). Every length is checked against
 * the bytes left before anything is allocated, so allocation is bounded by the input size. The only exception thrown
 * for bad bytes is {@link dev.ferry.dag.pb.DagPbException}.
 */
package dev.ferry.dag.pb;
