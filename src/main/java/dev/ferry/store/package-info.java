/**
 * Blocks and where they are kept: verified {@link dev.ferry.store.Block}s, {@link dev.ferry.store.Blockstore}s
 * (in memory, and on disk in Kubo's flatfs layout with group commit) and the pin set.
 *
 * <h2>Blocks</h2>
 * A {@link dev.ferry.store.Block} is verified by construction: its constructor hashes the bytes against the CID, so
 * no unverified bytes can be stored or handed out. Stores key blocks by MULTIHASH (as Kubo): a CIDv0 and a CIDv1 of
 * the same multihash share one stored block, {@code get(cid)} answers the block under the CID asked for (after
 * verifying the bytes against it), and {@code cids()} lists keys as CIDv1 raw, like {@code ipfs refs local}: compare
 * listed keys by multihash. Identity CIDs are never stored (answered from the digest).
 *
 * <h2>FileBlockstore layout (Kubo flatfs compatible)</h2>
 * <pre>
 *   dir/blockstore.lock              exclusive lock while open (one opener per directory)
 *   dir/blocks/SHARDING              "/repo/flatfs/shard/v1/next-to-last/2"
 *   dir/blocks/_README               what this directory is
 *   dir/blocks/&lt;XY&gt;/&lt;KEY&gt;.data     KEY = base32 upper, no padding, of the multihash; XY = KEY's 2 chars before the last
 *   dir/blocks/.temp/                blocks written but not yet committed (removed at open), and empty spare files
 *   dir/quarantine/&lt;KEY&gt;.data       corrupt files set aside by repo verify
 * </pre>
 * The empty directory {@code QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn} lives in
 * {@code blocks/X3/CIQFTFEEHEDF6KLBT32BFAGLXEZL4UWFNWM4LFTLMXQBCERZ6CMLX3Y.data}, as in a Kubo repository.
 *
 * <h2>Group commit and crash safety</h2>
 * {@code put} writes the block to a temp file in {@code .temp} WITHOUT fsync and records it as pending (temp path and
 * size only; {@code get}/{@code has}/{@code size} answer pending blocks from their temp files). A group commit runs
 * on {@code sync()} (in the caller), or on the store's committer thread once the pending total passes
 * {@code commitBytes} or {@code commitCount} (so the next batch is written while this one is flushed):
 * <ol>
 *   <li>makes every pending temp file durable with ONE {@code syncfs(2)} (FFM; fallback without it: fsync each file
 *       and each touched directory), which also makes the previous commit's renames and any deletes durable;</li>
 *   <li>renames each temp file to its final name (atomic rename within the file system);</li>
 *   <li>({@code sync()} only) flushes again, so the renames are durable when {@code sync()} returns.</li>
 * </ol>
 * A final name therefore only ever points at complete, durable bytes: after a crash a block is either absent or
 * whole, and every block whose {@code put} returned before a {@code sync()} that returned is present. Leftover temp
 * files are deleted at open, but for empty spares, which are kept for the puts to come. Memory is bounded: the pending list holds paths and sizes only, at most four times
 * {@code commitCount} entries: a put waits while more than four thresholds (of bytes or blocks) are pending (the
 * back-pressure), and throws instead when the committer failed. Creating a file costs this file system far more than
 * opening one and writing 256 KiB into it, so a preparer thread keeps up to 128 empty temp files ({@code spare.N})
 * ready for puts (started by the first put, so that an opener that only reads makes no files; the spares left at
 * close serve the next opener), and {@code putAll} writes on {@code writeThreads} threads. {@code delete} unlinks at once
 * (durable at the next sync);
 * {@code get} of a file whose bytes no longer hash to its name throws {@link dev.ferry.store.InvalidBlockException};
 * {@code repo verify} walks {@code cids()}, reads with {@code readUnverified}, re-hashes and calls
 * {@code quarantine}. A file longer than {@code maxBlockSize} is treated as corrupt and never read into memory.
 *
 * <h2>Pins</h2>
 * {@link dev.ferry.store.PinStore}: one type per CID (RECURSIVE or DIRECT; the stronger wins) and an optional name
 * ({@link dev.ferry.store.PinEntry}, at most 255 UTF-8 bytes as in Kubo), exact-CID keys.
 * {@link dev.ferry.store.FilePinStore} keeps the whole set in {@code pins} (magic, version 2, entries sorted by CID
 * with their names, CRC-32C; see {@code PinFileCodec}; version-1 files, without names, are still read), rewritten at {@code sync()} via temp + fsync + rename, the previous good copy
 * kept as {@code pins.prev}; a torn or corrupt {@code pins} falls back to {@code pins.prev}.
 *
 * <h2>Filestore ({@code add --nocopy})</h2>
 * {@link dev.ferry.store.Filestore} keeps blocks as references into the user's files: {@code dir/filestore/<XY>/<KEY>.ref},
 * one small record per block ({@code FilestoreRecordCodec}: magic, multihash, offset, size, path relative to the
 * parent of the repository, CRC-32C), written to {@code filestore/.temp/} and renamed after a flush, with the same
 * sync barrier as blocks ({@link dev.ferry.store.FilestoreIndex}). Reads take the bytes from the file and verify them
 * against the CID; a file that changed or vanished is a {@link dev.ferry.store.FilestoreReferenceException}.
 * {@link dev.ferry.store.FilestoreBlockstore} puts the main store and the filestore behind one {@code Blockstore}.
 *
 * <p>Layering: imports {@code dev.ferry.multiformats} and the JDK only.
 */
package dev.ferry.store;
