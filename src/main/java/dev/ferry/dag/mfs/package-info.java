/**
 * The Mutable File System (Kubo's {@code ipfs files}): a UnixFS directory tree with a root that changes with each
 * operation ({@link dev.ferry.dag.mfs.Mfs}), paths in Kubo's form ({@link dev.ferry.dag.mfs.MfsPath}), and the root
 * kept by a {@link dev.ferry.dag.mfs.MfsRootStore}; UnixFS 1.5 metadata of its nodes
 * ({@link dev.ferry.dag.mfs.NodeMetadata}, modes as Kubo shows them in {@link dev.ferry.dag.mfs.UnixMode}).
 *
 * <h2>Failures</h2>
 * A refused operation ({@link dev.ferry.dag.mfs.MfsException}: a missing entry, a file where a directory is needed, an
 * existing name) changes nothing; malformed arguments are {@link dev.ferry.dag.mfs.MfsArgumentException}. Missing or
 * corrupt blocks surface as the store's exceptions, with nothing changed. The root is saved only after the blocks of
 * the new tree are synced, so a crash leaves the old tree or the new one. Memory: a change holds the directories on
 * its path (a plain one's links; of a sharded one, the shards on the changed name's path); file contents are
 * streamed.
 */
package dev.ferry.dag.mfs;
