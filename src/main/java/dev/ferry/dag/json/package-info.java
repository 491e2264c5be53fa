/**
 * dag-json (multicodec 0x0129): JSON for the IPLD data model, as {@code @ipld/dag-json} writes it. Spec: ipld/ipld
 * {@code specs/codecs/dag-json/spec.md}.
 *
 * <h2>Written</h2>
 * No whitespace; map keys sorted by their UTF-8 bytes; strings escaped as JSON.stringify escapes them (quote,
 * backslash, \b \f \n \r \t, other controls as a lower-case backslash-u escape); integers in decimal; floats as
 * JavaScript's {@code String(number)} writes them, with {@code .0} added when that has no '.', 'e' or 'E'; bytes as
 * {@code {"/":{"bytes":"<base64, standard alphabet, no padding>"}}}; links as {@code {"/":"<CID string>"}}.
 *
 * <h2>Read</h2>
 * Strict RFC 8259 JSON (one value, nothing after it but whitespace) with the two special forms; a map whose only key
 * is "/" must be a valid link or bytes form. Numbers with '.', 'e' or 'E' are floats (finite), others integers
 * (-2^64..2^64-1). Duplicate keys, invalid UTF-8 and lone surrogates are refused. Nesting is capped at
 * {@value dev.ferry.dag.json.DagJson#MAX_DEPTH} levels and input at the caller's size. The only exception for bad
 * input is {@link dev.ferry.dag.json.DagJsonException}.
 */
package dev.ferry.dag.json;
