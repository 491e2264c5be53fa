package dev.ferry.dag.mfs;

import dev.ferry.dag.unixfs.UnixTime;
import dev.ferry.multiformats.Cid;

/**
 * What {@code files stat} reports of a node, as Kubo computes it.
 *
 * @param cid            the node
 * @param size           the file's content size (a symlink's target length), 0 for a directory
 * @param cumulativeSize the block's size plus the Tsizes of its links (the whole DAG when the Tsizes are right)
 * @param blocks         the number of links of the node
 * @param type           "file", "directory" or "symlink"
 * @param mode           the node's UnixFS mode, null when unset
 * @param mtime          the node's UnixFS modification time, null when unset
 */
public record MfsStat(Cid cid, long size, long cumulativeSize, int blocks, String type, Long mode, UnixTime mtime) {
    /** A node without metadata. */
    public MfsStat(Cid cid, long size, long cumulativeSize, int blocks, String type) {
        this(cid, size, cumulativeSize, blocks, type, null, null);
    }

    /** The mode as Kubo reports it (Go's {@code os.FileMode}, 0 when unset; see {@link UnixMode}). */
    public long kuboMode() {
        return UnixMode.goMode(mode, type);
    }
}
