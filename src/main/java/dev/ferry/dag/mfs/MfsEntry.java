package dev.ferry.dag.mfs;

import dev.ferry.multiformats.Cid;

/**
 * One line of {@code files ls}: Kubo's NodeListing.
 *
 * @param name      the entry's name
 * @param directory whether it is a directory (Kubo's Type 1; files and symlinks are 0)
 * @param size      the content size of a file, 0 for a directory
 * @param cid       the entry's node
 */
public record MfsEntry(String name, boolean directory, long size, Cid cid) {
}
