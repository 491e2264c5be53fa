package dev.ferry.dag.unixfs;

import dev.ferry.multiformats.HashFunction;
import dev.ferry.store.Blockstore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes one UnixFS directory from its links, as go-unixfs's dynamic directory does for Kubo's MFS: a plain
 * directory, or a HAMT (fanout 256) once the links estimate (name bytes + CID bytes of every entry, directories
 * included) is strictly above 256 KiB. The same entries always give the same CID, so a directory changed back
 * returns to its earlier CID, and one that shrinks below the threshold is plain again.
 */
public final class UnixfsDirectoryWriter {
    /** The links estimate a directory is sharded strictly above (Kubo's 256 KiB). */
    public static final long SHARD_THRESHOLD = ImportOptions.DEFAULT_SHARD_THRESHOLD;

    private UnixfsDirectoryWriter() {}

    /** What one link adds to a directory's links estimate: its name's UTF-8 bytes and its CID's bytes. */
    public static long estimate(UnixfsLink link) {
        return DirectoryBuilder.estimate(link.name(), link.cid());
    }

    /** A directory node written: its CID and cumulative size (the Tsize of a link to it). */
    public record Written(dev.ferry.multiformats.Cid cid, long tsize) {
    }

    /**
     * Writes the directory's blocks into {@code store} (not synced).
     *
     * @param cidVersion the version of the directory's dag-pb nodes
     * @throws UnixfsException on duplicate or invalid names
     */
    public static Written write(Blockstore store, int cidVersion, List<UnixfsLink> links) {
        return write(store, cidVersion, HashFunction.SHA2_256, links);
    }

    /**
     * As above, each node hashed with {@code hashFunction} (another than sha2-256 needs CIDv1).
     *
     * @throws UnixfsException on duplicate or invalid names
     * @throws IllegalArgumentException for CIDv0 with a hash function other than sha2-256
     */
    public static Written write(Blockstore store, int cidVersion, HashFunction hashFunction, List<UnixfsLink> links) {
        Objects.requireNonNull(store, "store");
        ImportOptions options = ImportOptions.kuboDefaults().withCidVersion(cidVersion)
                .withHashFunction(hashFunction);
        List<DirEntry> entries = new ArrayList<>(links.size());
        for (UnixfsLink l : links) {
            UnixfsExporter.checkName(l.name());
            entries.add(new DirEntry(l.name(), new DagRef(l.cid(), l.tsize(), 0), true));
        }
        BlockWriter writer = new BlockWriter(store, cidVersion, hashFunction);
        DagRef ref;
        try {
            ref = new DirectoryBuilder(writer, options).build(entries);
        } catch (RuntimeException e) {
            try {
                writer.drain();
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
        writer.drain();
        return new Written(ref.cid(), ref.tsize());
    }
}
