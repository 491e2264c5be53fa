/**
 * Walking DAGs: {@link dev.ferry.dag.walk.Links} reads the links of one block by its codec (dag-pb Links, dag-cbor
 * tag-42 links, dag-json {@code {"/": "<cid>"}} objects, none for raw and libp2p-key; identity CIDs are decoded
 * from their inlined bytes);
 * {@link dev.ferry.dag.walk.DagWalker} walks depth-first, pre-order, over a blockstore with a visited set.
 *
 * <h2>Failures</h2>
 * A missing block is {@link dev.ferry.dag.walk.MissingBlockException} (or recorded, in skip-missing mode); a block
 * that does not decode or has an unsupported codec (dag-jose, git-raw, …) is
 * {@link dev.ferry.dag.walk.LinkDecodeException}; a corrupt stored block is the store's InvalidBlockException.
 * Memory: the visited set and the stack grow with the DAG (one CID per block and per pending link).
 */
package dev.ferry.dag.walk;
