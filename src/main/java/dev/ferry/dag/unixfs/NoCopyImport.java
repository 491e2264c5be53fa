package dev.ferry.dag.unixfs;

import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import dev.ferry.store.Filestore;
import dev.ferry.store.ForwardingBlockstore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Kubo's {@code add --nocopy}: an import whose file leaves stay in the user's files. The importer writes into
 * {@link #store()}, which keeps the internal nodes but not the raw leaves; each imported file is reported with
 * {@link #fileAdded}; after the import, {@link #record()} walks each file's DAG (the offsets of its leaves follow from
 * the blocksizes of its nodes) and records every leaf in the {@link Filestore} as a reference into the file. The
 * caller then syncs the block store, which makes nodes and references durable together, before reporting success.
 *
 * <p>Raw leaves are what the filestore keeps, so the import must use them ({@link ImportOptions#withRawLeaves}); the
 * CIDs are those of a normal add with raw leaves. Memory: one small record per imported file until {@link #record()}.
 * Not thread-safe.
 */
public final class NoCopyImport {
    /** Kubo's error when raw leaves are turned off explicitly. */
    public static final String NEEDS_RAW_LEAVES = "nocopy option requires '--raw-leaves' to be enabled as well";

    private final Blockstore store;
    private final Filestore filestore;
    private final Blockstore leafless;
    private final List<Source> files = new ArrayList<>();

    private record Source(Cid root, long size, Path file) {
    }

    public NoCopyImport(Blockstore store, Filestore filestore) {
        this.store = Objects.requireNonNull(store, "store");
        this.filestore = Objects.requireNonNull(filestore, "filestore");
        this.leafless = new ForwardingBlockstore(store) {
            @Override
            public void put(Block block) {
                if (block.cid().codec() != Multicodec.RAW.code()) {
                    super.put(block);
                }
            }
        };
    }

    /** The options of a nocopy import: raw leaves, unless turned off explicitly, which is Kubo's error. */
    public static ImportOptions options(ImportOptions o) {
        if (Boolean.FALSE.equals(o.rawLeavesOverride())) {
            throw new IllegalArgumentException(NEEDS_RAW_LEAVES);
        }
        return o.withRawLeaves(true);
    }

    /** The store to import into: everything but raw leaves goes to the block store. */
    public Blockstore store() {
        return leafless;
    }

    /**
     * Checks, before anything is imported, that {@code file} may be referenced (it is under the filestore root).
     *
     * @throws dev.ferry.store.StoreException with Kubo's message when it is not
     */
    public void checkSource(Path file) {
        filestore.relativePath(file);
    }

    /** A file was imported from {@code file} with root {@code root} and DAG size {@code size}. */
    public void fileAdded(Cid root, long size, Path file) {
        files.add(new Source(root, size, file.toAbsolutePath().normalize()));
    }

    /**
     * Records the leaves of every file reported so far (the import must be over, its blocks in the store); durable
     * with the block store's next sync.
     *
     * @return how many references were recorded
     */
    public long record() {
        long n = 0;
        for (Source s : files) {
            n += walk(s.root(), 0, s.size(), s.file());
        }
        files.clear();
        return n;
    }

    /** Records the leaves under {@code cid}, which starts at {@code offset} of the file; returns how many. */
    private long walk(Cid cid, long offset, long rawSize, Path file) {
        if (cid.isIdentity()) {
            return 0; // an inlined block (add --inline): its bytes are in its CID, there is nothing to refer to
        }
        if (cid.codec() == Multicodec.RAW.code()) {
            if (rawSize > Integer.MAX_VALUE) {
                throw new UnixfsException("leaf " + cid + " is too large for the filestore: " + rawSize + " bytes");
            }
            filestore.put(cid, file, offset, (int) rawSize);
            return 1;
        }
        if (cid.codec() != Multicodec.DAG_PB.code()) {
            return 0;
        }
        Block b = store.get(cid).orElseThrow(() -> new UnixfsException("block " + cid + " of " + file
                + " is missing after its import"));
        PbNode node = PbCodec.decode(b.data());
        UnixfsData d = UnixfsDataCodec.decode(node.data());
        if (d.type() != UnixfsType.FILE && d.type() != UnixfsType.RAW) {
            return 0; // a symlink or directory: its files are reported on their own
        }
        if (d.blocksizes().size() != node.links().size()) {
            throw new UnixfsException("file node " + cid + " has " + node.links().size() + " links but "
                    + d.blocksizes().size() + " block sizes");
        }
        long pos = offset + (d.data() == null ? 0 : d.data().length);
        long n = 0;
        for (int i = 0; i < node.links().size(); i++) {
            long size = d.blocksizes().get(i);
            n += walk(node.links().get(i).hash(), pos, size, file);
            pos += size;
        }
        return n;
    }
}
