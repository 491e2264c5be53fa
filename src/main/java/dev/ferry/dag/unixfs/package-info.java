/**
 * UnixFS v1: files, directories, symlinks and HAMT-sharded directories as dag-pb DAGs (ipfs/specs src/unixfs.md),
 * with an importer that reproduces Kubo's {@code ipfs add} CIDs byte for byte and an exporter.
 *
 * <h2>Wire format</h2>
 * A dag-pb node's Data field holds {@code Data { Type = 1 (Raw 0, Directory 1, File 2, Metadata 3, Symlink 4,
 * HAMTShard 5); bytes Data = 2; uint64 filesize = 3; repeated uint64 blocksizes = 4 (written unpacked);
 * uint64 hashType = 5; uint64 fanout = 6; uint32 mode = 7; UnixTime mtime = 8 }} ({@link
 * dev.ferry.dag.unixfs.UnixfsDataCodec}). Decoding is strict: unknown fields, duplicates, wrong wire types, a
 * missing Type and out-of-range values are {@link dev.ferry.dag.unixfs.UnixfsException}; packed blocksizes are read.
 * Limits: 4 MiB of encoded data, 131072 blocksizes.
 *
 * <h2>Importer ({@link dev.ferry.dag.unixfs.UnixfsImporter}, {@link dev.ferry.dag.unixfs.ImportOptions})</h2>
 * <ul>
 * <li>Chunks ({@link dev.ferry.dag.unixfs.ChunkerSpec}, Kubo's {@code --chunker}): fixed-size ({@code size-N},
 * default 262144, at most 1 MiB), Rabin ({@code rabin[-AVG|-MIN-AVG-MAX]}, Kubo's polynomial, 16-byte window) or
 * buzhash (128 to 512 KiB); no empty chunk except the single one of an empty file. Fixed-size chunks of a file on disk
 * are read and hashed on several threads; content-defined chunks are cut in order, their leaves still hashed on
 * several threads in the balanced layout.</li>
 * <li>Leaves: raw blocks (always CIDv1 raw) with raw leaves, else dag-pb {@code Data{Type=File, Data=chunk,
 * filesize}} (balanced; an empty file is {@code 0a0408021800}) or {@code Type=Raw} (trickle, as boxo does).</li>
 * <li>Internal nodes: links first, each {@code Hash, Name="" (12 00), Tsize}, then {@code Data{Type=File,
 * filesize=sum, blocksizes=[child file bytes]}}; Tsize = block size + children's Tsizes.</li>
 * <li>Balanced: groups of maxLinks (174) grouped again until one node is left; one chunk = the leaf is the root.
 * Trickle (boxo trickledag.go): a node takes maxLinks leaves, then 4 subtrees of each depth 1, 2, ... below its
 * own; the root is always an internal node.</li>
 * <li>Directories: links sorted by name bytes, Data {@code 08 01}; dotfiles only with {@code hidden}; symlinks as
 * {@code Data{Type=Symlink, Data=target}}, never followed.</li>
 * <li>HAMT: a directory whose estimate (UTF-8 name bytes + CID bytes per entry) is strictly above 262144 bytes is
 * sharded: fanout 256, murmur3-x64-64 (first 64 bits of murmur3-x64-128, big-endian) of the name, 8 bits per level
 * from the most significant; entry links {@code HEX2(slot) + name}, sub-shard links {@code HEX2(slot)}, Data {@code
 * Type=HAMTShard, Data=bitfield (big-endian, leading zero bytes dropped), hashType=0x22, fanout=256}. As in js
 * ipfs-unixfs-importer, a subdirectory that has entries does not count in its parent's estimate (an empty one
 * does); go-unixfs counts every entry, so the two can differ for a directory of subdirectories right at the
 * threshold. ferry follows js, which its interop test checks; but a flat directory block that would exceed the 2 MiB
 * dag-pb cap (only possible through such uncounted entries) is sharded instead. Shards are kept in the one form a set
 * of names has (a slot of one name holds its entry, a sub-shard never holds a single entry or none), so a stored HAMT
 * changed in place ({@link dev.ferry.dag.unixfs.ShardedDirectory}: only the shards on the changed name's path are
 * read and written) is the HAMT built from its entries.</li>
 * <li>Memory: a file is streamed; a chunk or two of the chunker's largest size plus the pending link lists are held,
 * whatever the size.</li>
 * <li>Metadata (UnixFS 1.5, {@link dev.ferry.dag.unixfs.MetadataOptions}): mode and mtime as boxo writes them for
 * Kubo's {@code --mode/--mtime/--preserve-*}: on the root node of each file only (its single leaf for a one-chunk or
 * empty file, never on other leaves or internal nodes), on directory nodes and on the root shard of a HAMT; symlinks
 * get the time, never a mode; mode bits 07777 only, none when 0, the defaults 0644/0755 written (js drops them);
 * nanoseconds omitted when 0. Any metadata turns implicit raw leaves off; explicit raw leaves are refused.</li>
 * </ul>
 *
 * <h2>Exporter ({@link dev.ferry.dag.unixfs.UnixfsExporter})</h2>
 * Reads verified blocks from the store. {@code cat} seeks with blocksizes without fetching skipped subtrees and
 * checks every child's size against its parent; {@code ls}/{@code resolve} walk plain and sharded directories
 * (shards are checked: hash type 0x22, power-of-two fanout up to 4096, upper-case hex prefixes in slot order
 * matching the bitfield); {@code get} refuses names that are empty, ".", "..", or contain '/' or NUL, and duplicates,
 * so nothing is written outside the target. UnixFS 1.5 metadata: {@code stat} and {@code ls} report each node's
 * mode and mtime from its root block; {@code get} restores them ({@link dev.ferry.dag.unixfs.DiskMetadata}: the
 * permission bits 0777 only, times from 1 s to 077777777777 s after the epoch, else ignored; a directory's after
 * its children). Missing blocks: {@link dev.ferry.store.BlockNotFoundException} naming
 * the CID; bad data: {@link dev.ferry.dag.unixfs.UnixfsException}; unresolvable paths:
 * {@link dev.ferry.dag.unixfs.UnixfsPathException}. Depth limits: 256 file levels, 64 shard levels, 1024 directory
 * levels.
 */
package dev.ferry.dag.unixfs;
