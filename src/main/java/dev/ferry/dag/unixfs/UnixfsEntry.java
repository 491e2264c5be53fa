package dev.ferry.dag.unixfs;

import dev.ferry.multiformats.Cid;

/**
 * One entry of a UnixFS directory (plain or sharded), as {@link UnixfsExporter#ls} lists it.
 *
 * @param name  the entry name (for a HAMT, without the slot prefix)
 * @param cid   its node
 * @param type  FILE (also for raw blocks), DIRECTORY, HAMT_SHARD, SYMLINK, or RAW for a UnixFS Raw node
 * @param size  content bytes for a file, target length for a symlink, 0 for a directory
 * @param tsize the link's cumulative size (Tsize; 0 when the link has none)
 */
public record UnixfsEntry(String name, Cid cid, UnixfsType type, long size, long tsize) {
}
