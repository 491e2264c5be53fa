/**
 * A minimal, strict dag-cbor codec (multicodec 0x71): enough to read CAR headers and to find the links of dag-cbor
 * blocks when walking a DAG, plus the canonical writer CAR headers need. Spec: ipld/ipld
 * {@code specs/codecs/dag-cbor/spec.md}.
 *
 * <h2>Accepted (and written)</h2>
 * <ul>
 *   <li>Major types 0/1 (integers -2^64..2^64-1), 2 (bytes), 3 (UTF-8 text), 4 (arrays), 5 (maps with text keys),
 *       6 only as tag 42, 7 only as false, true, null and 64-bit floats.</li>
 *   <li>Links: tag 42 over a byte string whose first byte is 0x00 (the multibase identity prefix) followed by exactly
 *       one binary CID.</li>
 * </ul>
 *
 * <h2>Rejected (canonical-form checks)</h2>
 * Indefinite lengths; non-minimal heads for integers, lengths and tags; map keys that are not text, duplicated or
 * not sorted length-first then bytewise; any other tag; undefined and other simple values; 16- and 32-bit floats;
 * NaN and infinities; invalid UTF-8; trailing bytes after the top-level value.
 *
 * <h2>Limits and failures</h2>
 * Every length and item count is checked against the bytes left before anything is allocated (an array of n items
 * needs at least n bytes, a map 2n), so memory stays proportional to the input. Nesting is capped at
 * {@value dev.ferry.dag.cbor.DagCbor#MAX_DEPTH} levels. The only exception for bad input is
 * {@link dev.ferry.dag.cbor.DagCborException}.
 */
package dev.ferry.dag.cbor;
