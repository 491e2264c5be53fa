package dev.ferry.dag.unixfs;

import dev.ferry.multiformats.Cid;

/**
 * One entry of a UnixFS directory (plain or sharded), as {@link UnixfsExporter#ls} lists it, or a node itself as
 * {@link UnixfsExporter#stat} describes it. Everything comes from the node's root block.
 *
 * @param name  the entry name (for a HAMT, without the slot prefix; empty from {@code stat})
 * @param cid   its node
 * @param type  FILE (also for raw blocks), DIRECTORY, HAMT_SHARD, SYMLINK, or RAW for a UnixFS Raw node
 * @param size  content bytes for a file, target length for a symlink, 0 for a directory
 * @param tsize the link's cumulative size (Tsize; 0 when the link has none, or from {@code stat})
 * @param mode  the UnixFS 1.5 mode of the root node as stored (0..0xFFFFFFFF), or null (also for raw blocks)
 * @param mtime the UnixFS 1.5 mtime of the root node as stored, or null
 */
public record UnixfsEntry(String name, Cid cid, UnixfsType type, long size, long tsize, Long mode, UnixTime mtime) {

    /** An entry without UnixFS 1.5 metadata. */
    public UnixfsEntry(String name, Cid cid, UnixfsType type, long size, long tsize) {
        this(name, cid, type, size, tsize, null, null);
    }
}
