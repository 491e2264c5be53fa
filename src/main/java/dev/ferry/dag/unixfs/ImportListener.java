package dev.ferry.dag.unixfs;

import dev.ferry.multiformats.Cid;

/**
 * Receives each imported entry in Kubo's order: every file (and symlink) as it is added, then every directory after
 * its contents (post-order, names sorted), the root last. {@code path} is relative to what was added ("" for the
 * wrapping directory); {@code size} is the cumulative DAG size (Kubo's "Size").
 */
@FunctionalInterface
public interface ImportListener {
    void onEntry(Cid cid, String path, long size);

    ImportListener NONE = (cid, path, size) -> { };
}
