package dev.ferry.dag.mfs;

import dev.ferry.multiformats.Cid;

/**
 * What {@code files stat} reports of a node, as Kubo computes it.
 *
 * @param cid            the node
 * @param size           the file's content size (a symlink's target length), 0 for a directory
 * @param cumulativeSize the block's size plus the Tsizes of its links (the whole DAG when the Tsizes are right)
 * @param blocks         the number of links of the node
 * @param type           "file", "directory" or "symlink"
 */
public record MfsStat(Cid cid, long size, long cumulativeSize, int blocks, String type) {
}
