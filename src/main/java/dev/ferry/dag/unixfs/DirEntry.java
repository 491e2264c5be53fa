package dev.ferry.dag.unixfs;

/**
 * One named entry of a directory being built.
 *
 * @param name      the link name (never empty, no '/')
 * @param ref       the node it names
 * @param estimated whether it counts in the shard-size estimate. js ipfs-unixfs-importer counts files, symlinks and
 *                  empty directories (name bytes + CID bytes) but not directories that have entries (they have no
 *                  CID yet when the estimate is taken); CIDs match js only with the same rule.
 */
record DirEntry(String name, DagRef ref, boolean estimated) {
}
