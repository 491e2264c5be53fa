package dev.ferry.dag.unixfs;

import dev.ferry.multiformats.Cid;

/**
 * One named link of a UnixFS directory (plain or sharded) as it is written, without the child's type or size: what
 * rewriting the directory needs, read without fetching any child.
 *
 * @param name  the entry name (for a HAMT, without the slot prefix)
 * @param cid   the child
 * @param tsize the cumulative size of the child (the link's Tsize; 0 when the link has none)
 */
public record UnixfsLink(String name, Cid cid, long tsize) {
}
