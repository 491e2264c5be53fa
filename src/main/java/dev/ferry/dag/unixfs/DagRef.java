package dev.ferry.dag.unixfs;

import dev.ferry.multiformats.Cid;

/**
 * A node already written: what a parent needs to link to it.
 *
 * @param cid      the node
 * @param tsize    cumulative size: the block plus every block below it (the link's Tsize)
 * @param fileSize file bytes under it (the parent's blocksizes entry); 0 for directories
 */
record DagRef(Cid cid, long tsize, long fileSize) {
}
