/**
 * Garbage collection of the blockstore: mark what pins keep (recursive pins through
 * {@link dev.ferry.dag.walk.DagWalker}, direct pins alone), sweep the rest, sync.
 *
 * <h2>Failure behaviour</h2>
 * The mark phase completes before any deletion. A missing, corrupt or undecodable block in a recursively pinned DAG
 * aborts the collection with {@link dev.ferry.dag.gc.GcException} (listing the missing CIDs) and deletes nothing: a
 * partial mark could otherwise delete blocks that the missing part links to. The caller serialises GC against adds.
 */
package dev.ferry.dag.gc;
