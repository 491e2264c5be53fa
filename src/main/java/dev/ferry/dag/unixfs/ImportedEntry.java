package dev.ferry.dag.unixfs;

import dev.ferry.multiformats.Cid;

/** The root of an import: its CID, path as reported to the listener, and cumulative DAG size. */
public record ImportedEntry(Cid cid, String path, long size) {
}
